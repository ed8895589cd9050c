import t from 'tap';
import {
  blockNumbers,
  COUNTRIES,
  countryFacts,
  USD_EXCHANGE,
  ZONE_A,
} from '../../scenarios/countries.js';

const E164 = /^\+[1-9]\d{6,14}$/;

/** National significant numbers of the published fiction ranges (data reference §4). */
const FICTION: Readonly<Record<string, RegExp>> = {
  US: /^\+1[2-9]\d{2}55501\d{2}$/,
  CA: /^\+1[2-9]\d{2}55501\d{2}$/,
  GB: /^\+44(1(1[3-8]|[2-6]1)4960\d{3}|2079460\d{3}|1914980\d{3}|2890180\d{3}|2920180\d{3}|3069990\d{3}|8081570\d{3})$/,
  DE: /^\+49(3023125|6990009|4066969|2214710|8999998)\d{3}$/,
  FR: /^\+33(19900|26191|35301|46571|53649)\d{4}$/,
  AU: /^\+61([2378]5550\d{4}|[2378]7010\d{4}|1800160401|1800975707)$/,
};

const CURRENCY: Readonly<Record<string, string>> = {
  US: 'USD',
  CA: 'CAD',
  GB: 'GBP',
  DE: 'EUR',
  FR: 'EUR',
  AU: 'AUD',
};

t.test('every country keyed by its own code, with a name and a faker locale', async (t) => {
  t.same(Object.keys(COUNTRIES).sort(), ['AU', 'CA', 'DE', 'FR', 'GB', 'US']);
  for (const [code, facts] of Object.entries(COUNTRIES)) {
    t.equal(facts.code, code);
    t.ok(facts.name.length > 3, facts.name);
    t.ok(['en_US', 'en_CA', 'en_GB', 'de', 'fr', 'en_AU'].includes(facts.locale), facts.locale);
    t.ok(facts.landlineRateUsd > 0 && facts.landlineRateUsd < 1, `${code} landline rate`);
    t.ok(
      facts.tollFreeRateUsd === undefined || facts.tollFreeRateUsd > 0,
      `${code} toll-free rate`,
    );
  }
  t.equal(COUNTRIES.US!.name, 'United States', 'the name Graph rows carry');
});

t.test('every number of every block is E.164 and in a published fiction range', async (t) => {
  for (const [code, facts] of Object.entries(COUNTRIES)) {
    const numbers = [...facts.geographic, ...facts.tollFree].flatMap(blockNumbers);
    const bad = numbers.filter((n) => !E164.test(n) || !FICTION[code]!.test(n));
    t.same(bad.slice(0, 5), [], `${code}: ${numbers.length} numbers`);
    t.equal(new Set(numbers).size, numbers.length, `${code}: no block overlaps another`);
  }
});

t.test('toll-free blocks are freephone numbers', async (t) => {
  const us = COUNTRIES.US!.tollFree.flatMap(blockNumbers);
  t.ok(us.length > 0 && us.every((n) => /^\+18(00|33|44|55|66|77|88)/.test(n)), 'US 8xx');
  t.ok(
    COUNTRIES.GB!.tollFree.flatMap(blockNumbers).every((n) => n.startsWith('+448081570')),
    'GB 0808',
  );
  t.same(COUNTRIES.AU!.tollFree.flatMap(blockNumbers), ['+611800160401', '+611800975707']);
});

t.test('blockNumbers lists a block in order, zero-padded', async (t) => {
  t.same(blockNumbers({ prefix: '+4930', digits: 2, count: 3 }), ['+493000', '+493001', '+493002']);
  t.same(blockNumbers({ prefix: '+611800160401', digits: 0, count: 1 }), ['+611800160401']);
  t.same(blockNumbers({ prefix: '+1', digits: 3, count: 0 }), []);
  const block = COUNTRIES.US!.geographic[0]!;
  const numbers = blockNumbers(block);
  t.equal(numbers.length, 100);
  t.equal(numbers[0], `${block.prefix}00`);
  t.equal(numbers[99], `${block.prefix}99`);
});

t.test('countryFacts finds a country or names the one it lacks', async (t) => {
  t.equal(countryFacts('GB'), COUNTRIES.GB);
  t.throws(() => countryFacts('NL'), { message: "No number ranges are known for country 'NL'" });
  t.throws(() => countryFacts(''), /No number ranges are known/);
});

t.test('every country bills in a currency with an exchange rate', async (t) => {
  t.equal(USD_EXCHANGE.USD, 1);
  for (const code of Object.keys(COUNTRIES)) {
    const rate = USD_EXCHANGE[CURRENCY[code]!];
    t.ok(rate !== undefined && rate > 0.5 && rate < 2, `${code}: ${CURRENCY[code]} ${rate}`);
  }
});

t.test('all six countries are in Audio Conferencing Zone A', async (t) => {
  for (const code of Object.keys(COUNTRIES)) t.ok(ZONE_A.has(code), code);
  t.notOk(ZONE_A.has('NL'), 'only the countries the generator knows are listed');
});

import t from 'tap';
import { COUNTRIES } from '../../scenarios/countries.js';
import {
  AZURE_REGIONS,
  BYPASS_MEDIA_PATH_LOCATION,
  COMPLETED,
  COUNTRY_REGIONS,
  DR_CALL_TYPES,
  FAILED,
  MEDIA_BYPASS_TRUNK_SHARE,
  OUTCOME_SHARES,
  regionsFor,
  SBC_SUBCODE_BASE,
  SBC_VENDOR_WEIGHTS,
  SBC_VENDORS,
  type SipOutcome,
  UNANSWERED,
} from '../../scenarios/direct-routing-facts.js';

const TABLES: Readonly<Record<string, readonly SipOutcome[]>> = { COMPLETED, UNANSWERED, FAILED };

/** The countries the brief requires beside those the generator already places people in. */
const REQUIRED_COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'AU', 'NL', 'JP', 'IN', 'BR'];

t.test('call types are unique, each with a direction, a user flag and a weight', async (t) => {
  const names = DR_CALL_TYPES.map((c) => c.callType);
  t.equal(new Set(names).size, names.length, 'no duplicates');
  for (const c of DR_CALL_TYPES) {
    t.match(c.callType, /^dr_(in|out|emergency_out|unassigned_in)/, c.callType);
    t.ok(c.direction === 'inbound' || c.direction === 'outbound', `${c.callType} direction`);
    t.equal(typeof c.hasUser, 'boolean', `${c.callType} user flag`);
    t.ok(c.weight > 0, `${c.callType} weight`);
    t.equal(c.direction === 'inbound', /_in(_|$)/.test(c.callType), `${c.callType} name fits`);
  }
  for (const c of DR_CALL_TYPES.filter((c) => c.callType.endsWith('_bot'))) {
    t.notOk(c.hasUser, `${c.callType}: bot rows have a null userId`);
  }
  t.ok(
    DR_CALL_TYPES.some((c) => c.callType === 'dr_in') &&
      DR_CALL_TYPES.some((c) => c.callType === 'dr_out'),
    'the two plain types are there',
  );
});

t.test('the mix is roughly half inbound, half outbound', async (t) => {
  const total = DR_CALL_TYPES.reduce((s, c) => s + c.weight, 0);
  const inbound = DR_CALL_TYPES.filter((c) => c.direction === 'inbound');
  const share = inbound.reduce((s, c) => s + c.weight, 0) / total;
  t.ok(share > 0.4 && share < 0.6, `inbound share ${share.toFixed(2)}`);
});

t.test('every subcode has six digits and every weight is positive', async (t) => {
  for (const [name, table] of Object.entries(TABLES)) {
    t.ok(table.length > 0, `${name} is not empty`);
    for (const o of table) {
      const id = `${name} ${o.finalSipCode}/${o.callEndSubReason}`;
      t.match(String(o.callEndSubReason), /^\d{6}$/, id);
      t.ok(o.weight > 0, `${id} weight`);
      t.ok(o.finalSipCodePhrase.length > 0, `${id} phrase`);
      t.ok(o.directions.length > 0, `${id} directions`);
      t.ok(o.note.length > 0, `${id} note`);
    }
  }
});

t.test('a 560xxx subcode is exactly the SBC code it carries, and says so', async (t) => {
  for (const [name, table] of Object.entries(TABLES)) {
    for (const o of table) {
      const id = `${name} ${o.finalSipCode}/${o.callEndSubReason}`;
      const fromSbc = Math.floor(o.callEndSubReason / 1000) === SBC_SUBCODE_BASE / 1000;
      t.equal(o.producedBy, fromSbc ? 'sbc' : 'microsoft', `${id} producer`);
      if (!fromSbc) continue;
      t.equal(o.callEndSubReason - SBC_SUBCODE_BASE, o.finalSipCode, `${id} last three digits`);
      t.ok(
        o.finalSipCode === 0 || (o.finalSipCode >= 400 && o.finalSipCode < 700),
        `${id}: a final code an SBC can send`,
      );
      t.match(o.note, /SBC/, `${id}: the note names the SBC`);
    }
  }
});

t.test('completed calls end with 0 or a 2xx code; the others with 4xx-6xx', async (t) => {
  for (const o of COMPLETED) {
    t.ok(
      o.finalSipCode === 0 || (o.finalSipCode >= 200 && o.finalSipCode < 300),
      `${o.finalSipCode}`,
    );
  }
  t.ok(
    COMPLETED.some(
      (o) =>
        o.finalSipCode === 0 && o.callEndSubReason === 540000 && o.finalSipCodePhrase === 'BYE',
    ),
    'the docs example is there',
  );
  for (const o of [...UNANSWERED, ...FAILED]) {
    t.ok(o.finalSipCode >= 400 && o.finalSipCode < 700, `${o.finalSipCode}/${o.callEndSubReason}`);
  }
});

t.test('no (code, subcode) pair repeats within a table or across tables', async (t) => {
  const all = Object.values(TABLES).flat();
  const keys = all.map((o) => `${o.finalSipCode}/${o.callEndSubReason}`);
  t.equal(new Set(keys).size, keys.length);
});

t.test('each direction can complete, go unanswered and fail', async (t) => {
  for (const direction of ['inbound', 'outbound'] as const) {
    for (const [name, table] of Object.entries(TABLES)) {
      t.ok(
        table.some((o) => o.directions.includes(direction)),
        `${direction} has a ${name} outcome`,
      );
    }
  }
});

t.test('outcome shares are positive and sum to 1', async (t) => {
  for (const [direction, shares] of Object.entries(OUTCOME_SHARES)) {
    const values = [shares.completed, shares.unanswered, shares.failed];
    t.ok(
      values.every((v) => v > 0),
      `${direction} positive`,
    );
    t.ok(Math.abs(values.reduce((s, v) => s + v, 0) - 1) < 1e-9, `${direction} sums to 1`);
    t.ok(shares.completed > 0.7, `${direction}: most attempts succeed`);
    t.ok(shares.unanswered >= 0.05 && shares.unanswered <= 0.15, `${direction} unanswered`);
    t.ok(shares.failed < 0.1, `${direction}: failures are a few percent`);
  }
});

t.test('region codes are four upper-case letters, unique, with the docs examples', async (t) => {
  const codes = AZURE_REGIONS.map((r) => r.code);
  t.equal(new Set(codes).size, codes.length, 'unique');
  for (const r of AZURE_REGIONS) {
    t.match(r.code, /^[A-Z]{4}$/, r.code);
    t.ok(r.name.length > 0, `${r.code} name`);
  }
  t.ok(codes.includes('USWE') && codes.includes('EUNO'), 'USWE and EUNO, as in the docs');
});

t.test('every country maps to known media and signalling regions', async (t) => {
  const known = new Set<string>(AZURE_REGIONS.map((r) => r.code));
  const countries = new Set([...Object.keys(COUNTRIES), ...REQUIRED_COUNTRIES]);
  for (const country of countries) {
    const regions = regionsFor(country);
    t.ok(regions.media.length > 0, `${country} media`);
    t.ok(regions.signalling.length > 0, `${country} signalling`);
    for (const code of [...regions.media, ...regions.signalling]) {
      t.ok(known.has(code), `${country}: ${code} is a known region`);
    }
  }
  t.same(Object.keys(COUNTRY_REGIONS).sort(), [...REQUIRED_COUNTRIES].sort());
});

t.test('regionsFor names a country it does not know', async (t) => {
  t.equal(regionsFor('DE'), COUNTRY_REGIONS.DE);
  t.throws(() => regionsFor('ZZ'), {
    message: "No Direct Routing regions are known for country 'ZZ'",
  });
});

t.test('media bypass: a share of trunks, and no media region on their calls', async (t) => {
  t.ok(MEDIA_BYPASS_TRUNK_SHARE > 0 && MEDIA_BYPASS_TRUNK_SHARE < 1);
  t.equal(BYPASS_MEDIA_PATH_LOCATION, null);
});

t.test('SBC stems are DNS labels that join a tenant domain into an FQDN', async (t) => {
  t.equal(SBC_VENDOR_WEIGHTS.length, SBC_VENDORS.length, 'one weight per vendor');
  t.ok(
    SBC_VENDOR_WEIGHTS.every((w) => w > 0),
    'weights positive',
  );
  const stems = SBC_VENDORS.flatMap((v) => v.stems);
  t.equal(new Set(stems).size, stems.length, 'no stem is shared by two vendors');
  for (const stem of stems) {
    t.match(stem, /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, stem);
    t.match(`${stem}.contoso.com`, /^[a-z0-9-]+\.contoso\.com$/);
  }
});

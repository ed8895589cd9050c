import t from 'tap';
import {
  BLOCK_DURATION,
  BLOCK_REASONS,
  BLOCKS_PER_1000_USERS_PER_MONTH,
  SMS_CHARGE_USD_PER_UNIT,
  SMS_COUNTRIES,
  SMS_CURRENCY,
  SMS_ENABLED_USER_SHARE,
  SMS_LICENSE_CAPABILITIES,
  SMS_PER_USER_PER_WEEKDAY,
  SMS_SEGMENT_CHARS,
  SMS_TYPES,
  SMS_UNIT_WEIGHTS,
  UNBLOCK_REASON,
  USER_BLOCK_MODES,
} from '../../scenarios/message-log-facts.js';

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

t.test(
  'SMS types: the documented sms_in and one outbound spelling, shares summing to 1',
  async (t) => {
    t.same(SMS_TYPES.map((s) => s.smsType).sort(), ['sms_in', 'sms_out']);
    for (const s of SMS_TYPES) {
      t.equal(s.direction === 'inbound', s.smsType.endsWith('_in'), s.smsType);
      t.ok(s.share > 0, `${s.smsType} share`);
    }
    t.ok(Math.abs(sum(SMS_TYPES.map((s) => s.share)) - 1) < 1e-9);
  },
);

t.test('the licence capability is the documented MCOSMS1', async (t) => {
  t.same([...SMS_LICENSE_CAPABILITIES], ['MCOSMS1']);
});

t.test('SMS works in the US, Puerto Rico and Canada only, each with a currency', async (t) => {
  t.same([...SMS_COUNTRIES].sort(), ['CA', 'PR', 'US']);
  for (const country of SMS_COUNTRIES) t.match(SMS_CURRENCY[country], /^[A-Z]{3}$/, country);
});

t.test('segments: 160/153 GSM-7 and 70/67 UCS-2 characters', async (t) => {
  t.same(SMS_SEGMENT_CHARS, {
    gsm7: { single: 160, concatenated: 153 },
    ucs2: { single: 70, concatenated: 67 },
  });
  for (const alphabet of Object.values(SMS_SEGMENT_CHARS)) {
    t.ok(alphabet.concatenated < alphabet.single, 'a concatenation header costs characters');
  }
});

t.test('smsUnits weights: positive, falling, summing to 1', async (t) => {
  t.ok(SMS_UNIT_WEIGHTS.length >= 2);
  t.ok(SMS_UNIT_WEIGHTS.every((w) => w > 0));
  t.ok(
    SMS_UNIT_WEIGHTS.every((w, i) => i === 0 || w < SMS_UNIT_WEIGHTS[i - 1]!),
    'falling',
  );
  t.ok(Math.abs(sum(SMS_UNIT_WEIGHTS) - 1) < 1e-9);
});

t.test('inbound SMS are free; outbound cost under a cent a segment', async (t) => {
  t.equal(SMS_CHARGE_USD_PER_UNIT.inbound, 0);
  t.ok(SMS_CHARGE_USD_PER_UNIT.outbound > 0 && SMS_CHARGE_USD_PER_UNIT.outbound < 0.01);
});

t.test('SMS volume is a few messages per enabled user', async (t) => {
  t.ok(SMS_PER_USER_PER_WEEKDAY > 0 && SMS_PER_USER_PER_WEEKDAY < 20);
  t.ok(SMS_ENABLED_USER_SHARE > 0 && SMS_ENABLED_USER_SHARE <= 1);
});

t.test('block reasons: the two documented ones, weights summing to 1', async (t) => {
  t.same(BLOCK_REASONS.map((r) => r.blockReason).sort(), [
    'High Overall Usage',
    'Tenant Requested',
  ]);
  t.ok(BLOCK_REASONS.every((r) => r.weight > 0));
  t.ok(Math.abs(sum(BLOCK_REASONS.map((r) => r.weight)) - 1) < 1e-9);
  t.ok(
    BLOCK_REASONS.some((r) => r.blockReason === UNBLOCK_REASON),
    'unblock reuses a documented reason',
  );
});

t.test('block modes use the enum spelling', async (t) => {
  t.same([...USER_BLOCK_MODES], ['blocked', 'unblocked']);
});

t.test('blocks are rare and short', async (t) => {
  t.ok(BLOCKS_PER_1000_USERS_PER_MONTH > 0 && BLOCKS_PER_1000_USERS_PER_MONTH < 5);
  t.ok(BLOCK_DURATION.medianHours > 0 && BLOCK_DURATION.medianHours < BLOCK_DURATION.maxDays * 24);
  t.ok(BLOCK_DURATION.sigma > 0);
  t.ok(BLOCK_DURATION.neverUnblockedShare >= 0 && BLOCK_DURATION.neverUnblockedShare < 1);
});

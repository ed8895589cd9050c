/**
 * Edm.DateTimeOffset literals as clients put them in the getPstnCalls parameters, and the
 * exact UTC form the mock writes back into nextLinks. Parsed by hand rather than with
 * Date.parse, which is lenient (it rolls 2023-02-29 over to March) and stops at milliseconds.
 */
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  FIRST_MINUTE,
  type Instant,
  LAST_MINUTE,
  MIN_YEAR,
  MINUTES_PER_DAY,
  TICKS_PER_SECOND,
} from '../../scenarios/instant.js';

/** Digits of a fraction that fit in 100-ns ticks; clients send up to 12, the rest is cut. */
const TICK_DIGITS = 7;
const MAX_OFFSET_MINUTES = 14 * 60;
const MINUTES_PER_HOUR = 60;

/**
 * Date, then optionally time (T, t or one space), seconds, a 1–12 digit fraction and a zone.
 * A zone only makes sense after a time, so a date-only value has none.
 */
const DATE_TIME_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(?:[Zz]|([+-])(\d{2}):(\d{2}))?)?$/;

export function parseDateTimeOffset(text: string): Instant | undefined {
  const match = DATE_TIME_OFFSET.exec(text);
  if (match === null) return undefined;
  // Groups left out by the input (time, seconds, fraction, zone) read as '' and so as 0.
  const group = (index: number): string => match[index] ?? '';
  const y = Number(group(1));
  const mo = Number(group(2));
  const d = Number(group(3));
  const h = Number(group(4));
  const mi = Number(group(5));
  const s = Number(group(6));
  const fraction = group(7);
  if (y < MIN_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  // Leap seconds are not representable in Edm.DateTimeOffset, so second 60 is an error.
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const offset = parseOffsetMinutes(group(8), group(9), group(10));
  if (offset === undefined) return undefined;

  // The offset is whole minutes, so it moves only the minute and the tick stays normalized.
  const utcMinute = daysFromCivil(y, mo, d) * MINUTES_PER_DAY + h * MINUTES_PER_HOUR + mi - offset;
  // An offset can push a value at the edge of the calendar out of it, as in .NET.
  if (utcMinute < FIRST_MINUTE || utcMinute > LAST_MINUTE) return undefined;
  const ticks = Number(fraction.slice(0, TICK_DIGITS).padEnd(TICK_DIGITS, '0'));
  return { minute: utcMinute, tick: s * TICKS_PER_SECOND + ticks };
}

/** Minutes east of UTC; 0 for Z or no zone; undefined past ±14:00 or with minute ≥ 60. */
function parseOffsetMinutes(sign: string, hour: string, minute: string): number | undefined {
  if (sign === '') return 0;
  const h = Number(hour);
  const m = Number(minute);
  const total = h * MINUTES_PER_HOUR + m;
  if (m > 59 || total > MAX_OFFSET_MINUTES) return undefined;
  return sign === '-' ? -total : total;
}

/**
 * The shortest exact UTC literal: date only at midnight, else seconds and a fraction cut to
 * its significant digits. Defined for instants parseDateTimeOffset can return.
 */
export function formatDateTimeLiteral(at: Instant): string {
  const dayNumber = Math.floor(at.minute / MINUTES_PER_DAY);
  const minuteOfDay = at.minute - dayNumber * MINUTES_PER_DAY;
  const { year, month, day } = civilFromDays(dayNumber);
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (minuteOfDay === 0 && at.tick === 0) return date;

  const hour = Math.floor(minuteOfDay / MINUTES_PER_HOUR);
  const minute = minuteOfDay % MINUTES_PER_HOUR;
  const second = Math.floor(at.tick / TICKS_PER_SECOND);
  const ticks = at.tick % TICKS_PER_SECOND;
  const fraction = ticks === 0 ? '' : `.${pad(ticks, TICK_DIGITS).replace(/0+$/, '')}`;
  return `${date}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}Z`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

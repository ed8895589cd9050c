/**
 * A point in time at the resolution of Edm.DateTimeOffset (100 ns ticks).
 * Ticks since the epoch overflow a double's 53-bit integers, so an instant is kept as
 * whole UTC minutes since 1970-01-01 plus ticks within that minute.
 */
export interface Instant {
  /** Whole minutes since 1970-01-01T00:00Z (negative before). */
  readonly minute: number;
  /** 100-ns ticks within the minute, 0 ≤ tick < TICKS_PER_MINUTE. */
  readonly tick: number;
}

export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 60 * TICKS_PER_SECOND;
export const MINUTES_PER_DAY = 1440;

export function compareInstants(a: Instant, b: Instant): number {
  return a.minute === b.minute ? a.tick - b.tick : a.minute - b.minute;
}

/** b − a in (fractional) minutes; exact enough for range-length checks. */
export function minutesBetween(a: Instant, b: Instant): number {
  return b.minute - a.minute + (b.tick - a.tick) / TICKS_PER_MINUTE;
}

/** Adds whole seconds, carrying into minutes. */
export function addSeconds(at: Instant, seconds: number): Instant {
  const ticks = at.tick + seconds * TICKS_PER_SECOND;
  const carry = Math.floor(ticks / TICKS_PER_MINUTE);
  return { minute: at.minute + carry, tick: ticks - carry * TICKS_PER_MINUTE };
}

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

/** Weekday of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** The years an Edm.DateTimeOffset can name. */
export const MIN_YEAR = 1;
const MAX_YEAR = 9999;
/** The first and last whole minutes of those years (0001-01-01T00:00Z … 9999-12-31T23:59Z). */
export const FIRST_MINUTE = daysFromCivil(MIN_YEAR, 1, 1) * MINUTES_PER_DAY;
export const LAST_MINUTE = daysFromCivil(MAX_YEAR + 1, 1, 1) * MINUTES_PER_DAY - 1;

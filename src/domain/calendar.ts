/**
 * Time units and FlatRender's calendar. Iran has kept UTC+03:30 all year since it dropped
 * daylight saving in 2022, so a Tehran day, hour or weekday is plain arithmetic on epoch
 * milliseconds: no time-zone database is needed, and every engine computes the same answer.
 * Usage days (`tenant_usage_daily.usage_date`), quest periods and the activity rhythm all use
 * Asia/Tehran; monthly partitions are cut at UTC midnights (see partitions.ts).
 */

export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The IANA zone of FlatRender's day: usage days, preferences, schedules. */
export const TEHRAN_TIME_ZONE = 'Asia/Tehran';

/** Asia/Tehran's offset from UTC. */
export const TEHRAN_OFFSET_MS = 3.5 * HOUR;

/** The Asia/Tehran calendar day of an instant, as whole days since 1970-01-01. */
export function tehranDay(ms: number): number {
  return Math.floor((ms + TEHRAN_OFFSET_MS) / DAY);
}

/** The instant a Tehran calendar day (days since 1970-01-01) begins. */
export function tehranDayStart(day: number): number {
  return day * DAY - TEHRAN_OFFSET_MS;
}

/** The instant a Tehran calendar day ends (the next one begins). */
export function tehranDayEnd(day: number): number {
  return tehranDayStart(day + 1);
}

/** `YYYY-MM-DD` of a Tehran day number (what a DATE column stores). */
export function tehranDayText(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The Tehran day number of a `YYYY-MM-DD` text (or a Date read as its UTC day, as pg returns DATEs). */
export function dayOfText(value: string | Date): number {
  const text = typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  return Math.round(Date.parse(`${text}T00:00:00Z`) / DAY);
}

/** `YYYY-MM-DD` of the Tehran day an instant falls on. */
export function tehranDate(ms: number): string {
  return tehranDayText(tehranDay(ms));
}

/** The hour of the Tehran clock, 0–23 (fractional). */
export function tehranHour(ms: number): number {
  return ((((ms + TEHRAN_OFFSET_MS) % DAY) + DAY) % DAY) / HOUR;
}

/**
 * The day of the Iranian week, 0 = Saturday (the first working day) … 5 = Thursday (a half
 * day for most offices), 6 = Friday (the weekend).
 */
export function tehranWeekday(ms: number): number {
  // 1970-01-01 was a Thursday: day 0 is weekday 5.
  return (((tehranDay(ms) + 5) % 7) + 7) % 7;
}

/** Month (1–12) and day of month of the Gregorian date of an instant in Tehran. */
export function tehranMonthDay(ms: number): { month: number; day: number; year: number } {
  const date = new Date(tehranDay(ms) * DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** A column value (Date, or the ISO text a caller passed) as epoch milliseconds. */
export function msOf(value: Date | string | number): number {
  return typeof value === 'number' ? value : value instanceof Date ? value.getTime() : Date.parse(value);
}

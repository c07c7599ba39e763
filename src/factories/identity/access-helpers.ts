import { createHash } from 'node:crypto';
import { TEHRAN_TIME_ZONE } from '../../domain/calendar.js';
import type { Random } from '../../domain/random.js';

const DAY_MS = 86_400_000;

/** Lowercase hex sha256 of a UTF-8 string: how API keys, tokens and OTP codes are stored. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A column value (Date, or the ISO string a caller passed) as a Date. */
export function toDate(value: Date | string | null | undefined, fallback: Date): Date {
  return value === null || value === undefined ? fallback : new Date(value);
}

export const earliest = (...dates: Date[]): Date => new Date(Math.min(...dates.map((d) => d.getTime())));
export const latest = (...dates: Date[]): Date => new Date(Math.max(...dates.map((d) => d.getTime())));

/** A uniform time in [from, to]; `from` when the window is empty. */
export function between(rng: Random, from: Date, to: Date): Date {
  const span = to.getTime() - from.getTime();
  return span <= 0 ? new Date(from) : new Date(from.getTime() + Math.floor(rng.next() * span));
}

export const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);
export const daysBefore = (date: Date, days: number): Date => new Date(date.getTime() - days * DAY_MS);
export const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);

/** `count` random bytes from the row's stream (BYTEA secrets, credential ids). */
export function randomBytes(rng: Random, count: number): Buffer {
  return Buffer.from(rng.hex(count * 2), 'hex');
}

/** The Asia/Tehran calendar day of an instant, as YYYY-MM-DD (how usage days are keyed). */
export function tehranDate(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: TEHRAN_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/** Midnight of a Tehran calendar day; Iran has kept UTC+03:30 all year since it dropped DST in 2022. */
export function tehranDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+03:30`);
}

/** Client IPs come from the ISPs' blocks (domain/places.ts). */
export { iranianIp } from '../../domain/places.js';

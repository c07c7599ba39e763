import type { Random } from '../../domain/random.js';

/** Helpers shared by the studio, file_mgr and notification factories. */

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;
const DAY_MS = 86_400_000;

/** A Date from a column value (pg gives Date; a built row may hold a string); `fallback` when empty. */
export function toDate(value: unknown, fallback: Date): Date {
  if (value === null || value === undefined) return fallback;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? fallback : date;
}

/** NUMERIC and BIGINT columns come back from pg as strings. */
export function num(value: unknown, fallback = 0): number {
  if (value === null || value === undefined) return fallback;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : fallback;
}

/** A time drawn uniformly between `from` and `to` (`from` when the range is empty). */
export function between(rng: Random, from: Date, to: Date): Date {
  const span = to.getTime() - from.getTime();
  return new Date(from.getTime() + (span > 0 ? Math.floor(rng.next() * span) : 0));
}

export function earliest(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}

export function latest(...dates: Date[]): Date {
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

export function daysBefore(date: Date, days: number): Date {
  return new Date(date.getTime() - days * DAY_MS);
}

/** A linear gain in [min, max] with the NUMERIC(4,3) precision of the volume columns. */
export function gain(rng: Random, min: number, max: number): number {
  return Math.round((min + rng.next() * (max - min)) * 1000) / 1000;
}

/** A sha256-looking hex digest, e.g. of a share or link token (only hashes are stored). */
export function tokenHash(rng: Random): string {
  return rng.hex(64);
}

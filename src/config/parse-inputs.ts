import { MAX_SCALE } from '../domain/load-scale.js';
import { SeedError } from '../errors.js';

/**
 * Parsers for the command inputs that shape generated data (`--seed`, `--now`, `--scale`,
 * `--workers`). Each takes the raw text the user typed, so a bad value is quoted back as typed
 * (yargs' number type turned `abc` into NaN and ran it as seed 0). Pure: no clock, no I/O.
 */

/** Midnight UTC of `today`: demo data looks current, and reruns on the same day are identical. */
export function midnightUtc(today: Date): string {
  return `${today.toISOString().slice(0, 10)}T00:00:00.000Z`;
}

/** `--seed`: any integer (negative too) that a double holds exactly; default 1. */
export function parseSeed(raw: unknown, flag = '--seed'): number {
  if (raw === undefined || raw === null || raw === '') return 1;
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new SeedError(
      'E_BAD_SEED',
      `${flag} is ${JSON.stringify(String(raw))}; the seed must be a whole number (from ${Number.MIN_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}): the same seed gives the same data.`,
      { fix: `Pass a whole number, e.g. ${flag} 1.` },
    );
  }
  return value;
}

// A calendar date, optionally with a time (minutes, seconds, fractions optional) and a zone.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * `--now`: an ISO-8601 date (`2026-06-01`, midnight UTC) or date and time (`2026-06-01T09:30:00Z`;
 * without a zone it is read as UTC, so the data never depends on the machine's time zone).
 * Returns the normalised ISO string; `fallback` when absent.
 */
export function parseNow(raw: unknown, fallback: string, flag = '--now'): string {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const text = String(raw).trim();
  const match = ISO_8601.exec(text);
  const bad = (why: string) =>
    new SeedError('E_BAD_NOW', `${flag} is ${JSON.stringify(String(raw))}: ${why}.`, {
      fix: `Pass an ISO-8601 date or time, e.g. ${flag} 2026-06-01 or ${flag} 2026-06-01T00:00:00Z (leave it out for ${fallback}).`,
    });
  if (!match) throw bad('the reference time must be an ISO-8601 date or date and time');
  const [, year, month, day, hour, minute, second, zone] = match;
  const zoned = hour === undefined ? `${year}-${month}-${day}T00:00:00Z` : zone ? text : `${text}Z`;
  const date = new Date(zoned.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  // Date rolls 2026-02-30 over into March; a calendar that has no such day is a typo.
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    Number.isNaN(date.getTime()) ||
    calendar.getUTCMonth() !== Number(month) - 1 ||
    calendar.getUTCDate() !== Number(day) ||
    Number(hour ?? 0) > 23 ||
    Number(minute ?? 0) > 59 ||
    Number(second ?? 0) > 59
  ) {
    throw bad('there is no such date or time');
  }
  return date.toISOString();
}

/** `--scale`: a positive number up to MAX_SCALE (fractions give small data sets). */
export function parseScale(raw: unknown, flag = '--scale'): number {
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  const value = Number(text);
  if (text === '' || !/^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) || !(value > 0)) {
    throw new SeedError(
      'E_BAD_SCALE',
      `${flag} is ${JSON.stringify(String(raw ?? ''))}; it must be a positive number (1 ≈ 170k rows, 10 ≈ 1.3M).`,
      { fix: `Pass e.g. ${flag} 1 (fractions such as 0.05 give small data sets; at most ${MAX_SCALE}).` },
    );
  }
  if (value > MAX_SCALE) {
    throw new SeedError(
      'E_SCALE_TOO_LARGE',
      `${flag} is ${JSON.stringify(String(raw))}; the load accepts at most ${MAX_SCALE} (≈120M rows, ≈42 GB).`,
      { fix: `Pass ${flag} ${MAX_SCALE} or less.` },
    );
  }
  return value;
}

/** The most worker threads a load may ask for. */
export const MAX_WORKERS = 64;

/** `--workers`: a whole number from 1 to MAX_WORKERS; `fallback` when absent. */
export function parseWorkers(raw: unknown, fallback: number, flag = '--workers'): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > MAX_WORKERS) {
    throw new SeedError(
      'E_BAD_WORKERS',
      `${flag} is ${JSON.stringify(String(raw))}; it must be a whole number from 1 to ${MAX_WORKERS}.`,
      { fix: `Leave it out for ${fallback} (half this machine's CPUs, 1 to 4), or pass e.g. ${flag} 2.` },
    );
  }
  return value;
}

/** The most shards a load may be split into. */
export const MAX_SHARDS = 1000;

/** `--shard i/n`: this process loads the i-th of n slices; whole numbers, 1 ≤ i ≤ n ≤ MAX_SHARDS. */
export function parseShard(raw: unknown, flag = '--shard'): { index: number; count: number } {
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new SeedError(
      'E_BAD_SHARD',
      `${flag} is ${JSON.stringify(String(raw ?? ''))}; it must be i/n, whole numbers with 1 ≤ i ≤ n ≤ ${MAX_SHARDS} (this process loads the i-th of n slices).`,
      {
        fix: `Start n processes with ${flag} 1/n … ${flag} n/n, e.g. ${flag} 1/3, ${flag} 2/3 and ${flag} 3/3.`,
      },
    );
  }
  return { index, count };
}

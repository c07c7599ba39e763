import { statfs } from 'node:fs/promises';
import { BYTES_PER_LOADED_ROW, LOAD_ROWS_PER_SECOND, MAX_SCALE } from '../domain/load-scale.js';
import { SeedError } from '../errors.js';
import type { LoadPlan } from './load-plan.js';

/** What a load is expected to make and take, before it starts. */
export interface LoadEstimate {
  /** Planned rows, all tables (the plan's estimate; the real count is within a few percent). */
  readonly rows: number;
  /** Disk space the loaded rows take with their indexes. */
  readonly bytes: number;
  /** Wall time at the rate measured on a 2-CPU machine (bench/load.ts); a rough guide. */
  readonly seconds: number;
}

/** Rows, bytes and time of a planned load. Pure. */
export function estimateLoad(plan: LoadPlan): LoadEstimate {
  const rows = Math.round(plan.estimatedTotal);
  return { rows, bytes: rows * BYTES_PER_LOADED_ROW, seconds: rows / LOAD_ROWS_PER_SECOND };
}

/** The free space where the database's data goes, or why it could not be told. */
export type FreeSpace =
  | { readonly known: true; readonly bytes: number; readonly path: string }
  | { readonly known: false; readonly reason: string };

/**
 * Refuses a load whose estimated size exceeds the free space where its data goes: exit 1 with an
 * error naming the scale, the sizes, the folder and the largest scale that fits. Pure: the free
 * space is measured by freeSpaceOf.
 */
export function assertLoadFits(
  scale: number,
  estimate: LoadEstimate,
  free: FreeSpace,
  database: string,
): void {
  if (!free.known || estimate.bytes <= free.bytes) return;
  // Rows grow about linearly with the scale; keep a tenth for the server's own files and WAL.
  const fits = Math.floor(((scale * free.bytes * 0.9) / estimate.bytes) * 100) / 100;
  throw new SeedError(
    'E_LOAD_TOO_LARGE',
    `Scale ${scale} plans about ${estimate.rows.toLocaleString('en-US')} rows, about ${formatBytes(estimate.bytes)} on disk with indexes, but the disk that holds database "${database}" (${free.path}) has ${formatBytes(free.bytes)} free. A load must fit where its data goes; nothing was changed.`,
    {
      fix:
        fits > 0
          ? `Pass --scale ${Math.min(fits, MAX_SCALE)} or less, or free space on that disk (for the embedded server: set FLATRENDER_SEED_DATA_DIR to a folder on a bigger disk).`
          : 'Free space on that disk (for the embedded server: set FLATRENDER_SEED_DATA_DIR to a folder on a bigger disk).',
    },
  );
}

/**
 * The free space of the folder the database's files go to (its tablespace, else the server's
 * data directory), when that folder is on this machine: the server must be local and let this
 * role read `data_directory` (superusers and pg_read_all_settings can). Otherwise the reason it
 * could not be checked, for a note.
 */
export async function freeSpaceOf(
  db: { query<R>(text: string): Promise<{ rows: R[] }> },
  url: string,
): Promise<FreeSpace> {
  const host = new URL(url).hostname;
  if (host !== '' && !['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host))
    return { known: false, reason: `the server (${host}) is not on this machine` };
  let path: string | undefined;
  try {
    const { rows } = await db.query<{ dir: string | null }>(
      `SELECT coalesce(nullif(pg_tablespace_location(d.dattablespace), ''), current_setting('data_directory')) AS dir
         FROM pg_database d WHERE d.datname = current_database()`,
    );
    path = rows[0]?.dir ?? undefined;
  } catch {
    return { known: false, reason: 'this role may not read the server setting data_directory' };
  }
  if (!path) return { known: false, reason: 'the server did not say where its data is' };
  try {
    const stats = await statfs(path);
    return { known: true, bytes: stats.bavail * stats.bsize, path };
  } catch {
    return { known: false, reason: `the server's data folder ${path} is not visible from this process` };
  }
}

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** 75 → "1 min 15 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

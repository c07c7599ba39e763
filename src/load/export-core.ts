import { DAY, HOUR } from '../domain/calendar.js';
import { exportObjectKey, PURGE_AFTER_MS } from '../domain/files.js';
import { EXPORT_RETENTION_DAYS } from '../domain/render-job.js';
import { hex, uuid } from './fast-format.js';
import type { JobCore } from './job-core.js';
import type { TenantScope } from './tenant-scope.js';

/** The export (and its file) of a completed job: ids, sizes and lifetimes both tables agree on. */
export interface ExportCore {
  readonly id: string;
  readonly fileId: string;
  readonly objectKey: string;
  readonly sizeBytes: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly expired: boolean;
  /** When the cleanup purged the expired file's object (null: not yet). */
  readonly purgedAt: number | null;
  readonly downloads: number;
  readonly md5: string;
  readonly name: string;
}

export function exportCore(ctx: TenantScope, job: JobCore): ExportCore {
  const rng = ctx.stream('render.exports', job.key);
  const id = uuid(rng);
  const fileId = uuid(rng);
  const createdAt = job.endedAt!;
  const expiresAt = createdAt + EXPORT_RETENTION_DAYS * DAY;
  const purgedAt = expiresAt + rng.int(HOUR, PURGE_AFTER_MS);
  const saved = job.savedIndex >= 0 ? ctx.savedProjects[job.savedIndex] : undefined;
  return {
    id,
    fileId,
    objectKey: exportObjectKey(ctx.tenant.id, job.id),
    sizeBytes: job.outputBytes,
    createdAt,
    expiresAt,
    expired: expiresAt <= ctx.plan.nowMs,
    purgedAt: purgedAt <= ctx.plan.nowMs ? purgedAt : null,
    downloads: rng.weighted([
      [0, 20],
      [1, 45],
      [2, 20],
      [3, 10],
      [8, 5],
    ] as const),
    md5: hex(rng, 32),
    name: `${saved ? saved.title : job.project.container.name}.mp4`,
  };
}

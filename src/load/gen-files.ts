import { DAY, MINUTE } from '../domain/calendar.js';
import {
  BUCKETS,
  drawFileSize,
  drawUploadKind,
  EXPORT_MIME,
  FILE_KINDS,
  fileName,
  fileObjectKey,
  formatOf,
  PURGE_AFTER_MS,
} from '../domain/files.js';
import type { Row } from '../sql/copy-text.js';
import { loadTable } from '../sql/load-table.js';
import { userBefore } from './catalogue.js';
import { hex, uuid } from './fast-format.js';
import type { TenantContext } from './tenant-context.js';

export const filesTable = loadTable('file_mgr.files', [
  'id',
  'tenant_id',
  'user_id',
  'original_name',
  'storage_backend',
  'bucket',
  'object_key',
  'mime_type',
  'kind',
  'size_bytes',
  'checksum_md5',
  'checksum_sha256',
  'width',
  'height',
  'duration_ms',
  'thumbnail_url',
  'status',
  'source',
  'ref_type',
  'ref_id',
  'is_public',
  'expires_at',
  'metadata',
  'created_at',
  'updated_at',
  'deleted_at',
  'purged_at',
]);

/**
 * file_mgr.files: every export's video (source RenderExport, soft-linked to its render.exports
 * row; soft-deleted when the export expired, purged by a later cleanup), then the users' own
 * uploads (uploaded by the activity clock; a few deleted and purged). Storage is metered until
 * the purge (domain/usage.ts).
 */
export function* fileRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan, core } = ctx;
  const usage = ctx.usage;
  for (const job of ctx.jobs()) {
    if (job.status !== 'Completed') continue;
    const e = ctx.exportOf(job);
    const rng = ctx.stream('file_mgr.files', job.key);
    usage.addStorage(e.sizeBytes, e.createdAt, e.purgedAt);
    yield [
      e.fileId,
      tenant.id,
      ctx.users[job.userIndex]!.id,
      e.name,
      'Minio',
      BUCKETS.RenderExport,
      e.objectKey,
      EXPORT_MIME,
      'Video',
      e.sizeBytes,
      e.md5,
      hex(rng, 64),
      job.width,
      job.height,
      job.durationMs,
      `https://dl.${core.domain}/e/${e.id}.jpg`,
      e.purgedAt !== null ? 'Purged' : e.expired ? 'Deleted' : 'Active',
      'RenderExport',
      'render.exports',
      e.id,
      false,
      e.expiresAt,
      `{"render_job_id":"${job.id}"}`,
      e.createdAt,
      e.purgedAt ?? (e.expired ? e.expiresAt : e.createdAt),
      e.expired ? e.expiresAt : null,
      e.purgedAt,
    ];
  }
  for (let i = 0; i < tenant.uploads; i++) {
    const rng = ctx.stream('file_mgr.files', `u${i}`);
    const id = uuid(rng);
    const at = plan.clocks.people.nth(
      i,
      tenant.uploads,
      rng.next(),
      tenant.activityStart,
      plan.nowMs - MINUTE,
    );
    const user = ctx.users[userBefore(rng, plan, tenant, at)]!;
    const kind = drawUploadKind(rng);
    const { mime, ext } = formatOf(rng, kind);
    const spec = FILE_KINDS[kind];
    const size = drawFileSize(rng, kind);
    const deleted = rng.bool(0.05) ? Math.min(plan.nowMs - 1_000, at + rng.int(1, 60) * DAY) : null;
    const purgedAt = deleted === null ? null : deleted + rng.int(MINUTE, PURGE_AFTER_MS);
    const purged = purgedAt !== null && purgedAt < plan.nowMs ? purgedAt : null;
    const frame = spec.frames ? rng.pick(spec.frames) : null;
    const duration = spec.durationMs
      ? rng.int(spec.durationMs[0] / 1000, spec.durationMs[1] / 1000) * 1000
      : null;
    usage.addStorage(size, at, purged);
    yield [
      id,
      tenant.id,
      user.id,
      fileName(rng, kind, ext, at),
      'Minio',
      BUCKETS.Upload,
      fileObjectKey(tenant.id, user.id, id, ext),
      mime,
      kind,
      size,
      hex(rng, 32),
      hex(rng, 64),
      frame ? frame[0] : null,
      frame ? frame[1] : null,
      duration,
      frame ? `https://cdn.${core.domain}/files/${id}/thumb.webp` : null,
      purged !== null ? 'Purged' : deleted === null ? 'Active' : 'Deleted',
      'Upload',
      null,
      null,
      false,
      null,
      '{}',
      at,
      purged ?? deleted ?? at,
      deleted,
      purged,
    ];
  }
}

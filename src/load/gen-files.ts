import { userBefore } from './catalogue.js';
import type { Row } from './column-codec.js';
import { json } from './copy-text.js';
import { hex, uuid } from './fast-format.js';
import { sizeAround } from './job-core.js';
import { growthTime } from './load-plan.js';
import { loadTable } from './load-table.js';
import type { TenantContext } from './tenant-context.js';
import { FILE_STEMS, UPLOAD_KINDS } from './vocabulary.js';

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
]);

const UPLOAD_WEIGHTS = UPLOAD_KINDS.map((k) => [k, k[3]] as const);

const MEDIAN_BYTES: Record<string, number> = {
  Image: 350_000,
  Audio: 4_000_000,
  Video: 25_000_000,
  Font: 120_000,
  Document: 900_000,
};

/**
 * file_mgr.files: every export's video (source RenderExport, soft-linked to its render.exports
 * row; soft-deleted when the export expired), then the users' own uploads.
 */
export function* fileRows(ctx: TenantContext): Generator<Row> {
  const { tenant, plan, core } = ctx;
  const usage = ctx.usage;
  for (const job of ctx.jobs()) {
    if (job.status !== 'Completed') continue;
    const e = ctx.exportOf(job);
    const rng = ctx.stream('file_mgr.files', job.key);
    usage.add('storage_bytes', e.createdAt, e.sizeBytes);
    if (e.expired) usage.add('storage_bytes', e.expiresAt, -e.sizeBytes);
    yield [
      e.fileId,
      tenant.id,
      ctx.users[job.userIndex]!.id,
      e.name,
      'Minio',
      'exports',
      e.objectKey,
      'video/mp4',
      'Video',
      e.sizeBytes,
      e.md5,
      hex(rng, 64),
      job.width,
      job.height,
      job.durationMs,
      `https://dl.${core.domain}/e/${e.id}.jpg`,
      e.expired ? 'Deleted' : 'Active',
      'RenderExport',
      'render.exports',
      e.id,
      false,
      e.expiresAt,
      json({ render_job_id: job.id }),
      e.createdAt,
      e.expired ? e.expiresAt : e.createdAt,
      e.expired ? e.expiresAt : null,
    ];
  }
  for (let i = 0; i < tenant.uploads; i++) {
    const rng = ctx.stream('file_mgr.files', `u${i}`);
    const id = uuid(rng);
    const at = Math.floor(
      growthTime(tenant.activityStart, plan.nowMs - 60_000, i, tenant.uploads, rng.next()),
    );
    const user = ctx.users[userBefore(rng, plan, tenant, at)]!;
    const [kind, mime, ext] = rng.weighted(UPLOAD_WEIGHTS);
    const size = sizeAround(rng, MEDIAN_BYTES[kind]!);
    const deleted = rng.bool(0.05) ? Math.min(plan.nowMs - 1_000, at + rng.int(1, 60) * 86_400_000) : null;
    const visual = kind === 'Image' || kind === 'Video';
    const timed = kind === 'Audio' || kind === 'Video';
    usage.add('storage_bytes', at, size);
    if (deleted !== null) usage.add('storage_bytes', deleted, -size);
    yield [
      id,
      tenant.id,
      user.id,
      `${rng.pick(FILE_STEMS)} ${rng.int(1, 999)}.${ext}`,
      'Minio',
      'uploads',
      `uploads/${tenant.id}/${user.id}/${id}.${ext}`,
      mime,
      kind,
      size,
      hex(rng, 32),
      hex(rng, 64),
      visual ? rng.pick([800, 1080, 1920, 3000]) : null,
      visual ? rng.pick([600, 1080, 1350, 2000]) : null,
      timed ? rng.int(5, 240) * 1000 : null,
      visual ? `https://cdn.${core.domain}/files/${id}/thumb.webp` : null,
      deleted === null ? 'Active' : 'Deleted',
      'Upload',
      null,
      null,
      false,
      null,
      json({}),
      at,
      deleted ?? at,
      deleted === null ? null : deleted,
    ];
  }
}

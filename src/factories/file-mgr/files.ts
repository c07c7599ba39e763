import {
  BUCKETS,
  drawFileSize,
  drawUploadKind,
  EXPORT_MIME,
  extensionOf,
  FILE_KINDS,
  fileName,
  fileObjectKey,
  formatOf,
  kindOfMime,
} from '../../domain/files.js';
import type { Random } from '../../domain/random.js';
import { EXPORT_RETENTION_DAYS } from '../../domain/render-job.js';
import type { FileMgrFileKind } from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { settleQuotas, settleUsage } from '../identity/usage-settle.js';
import { addSeconds, between, daysBefore, earliest, latest, toDate, tokenHash } from './shared.js';

/** A time between `maxDays` and `minDays` days ago, not before the user signed up (if it can be). */
function createdWithin(rng: Random, userCreated: unknown, now: Date, maxDays: number, minDays: number): Date {
  const to = daysBefore(now, minDays);
  return between(rng, earliest(latest(toDate(userCreated, now), daysBefore(now, maxDays)), to), to);
}

/**
 * file_mgr.files: an object in MinIO owned by the context's user, in that user's current folder.
 * Kind, mime type, extension, size and media dimensions agree; object keys carry the row id.
 */
export const fileFactory = defineFactory('file_mgr.files', {
  // Usage (storage from the file's day on) and the owner's quota follow the files (usage-settle.ts).
  afterInsert: async (rows, { db }) => {
    await settleUsage(db, rows, (f) => [f.created_at, f.purged_at]);
    await settleQuotas(db, rows);
  },
  parents: ['identity.users', 'file_mgr.folders'],
  defaults: ({ rng, parent, now, overrides }) => {
    const user = parent('identity.users');
    const folder = parent('file_mgr.folders');
    const userId = overrides.user_id ?? user.id;
    const kind: FileMgrFileKind =
      overrides.kind ?? (overrides.mime_type ? kindOfMime(overrides.mime_type) : drawUploadKind(rng));
    const spec = FILE_KINDS[kind];
    const { mime, ext } = formatOf(rng, kind, overrides.mime_type);
    const [width, height] = spec.frames ? rng.pick(spec.frames) : [null, null];
    const created = between(
      rng,
      latest(toDate(user.created_at, now), daysBefore(now, 180)),
      addSeconds(now, -3600),
    );
    return {
      user_id: userId,
      folder_id: folder.user_id === userId && !folder.deleted_at ? folder.id : null,
      original_name: fileName(rng, kind, ext, created.getTime()),
      storage_backend: 'Minio',
      mime_type: mime,
      kind,
      size_bytes: drawFileSize(rng, kind),
      checksum_md5: rng.hex(32),
      checksum_sha256: rng.hex(64),
      width,
      height,
      duration_ms: spec.durationMs ? rng.int(spec.durationMs[0], spec.durationMs[1]) : null,
      status: 'Active',
      source: 'Upload',
      is_public: false,
      metadata: { uploaded_via: rng.pick(['web', 'mobile', 'api']) },
      created_at: created,
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const source = row.source ?? 'Upload';
    const status = row.status ?? 'Active';
    const bucket = row.bucket ?? BUCKETS[source];
    const ext = extensionOf(row.original_name ?? 'file.bin');
    const visual = row.kind === 'Image' || row.kind === 'Video';
    const processed = latest(created, earliest(addSeconds(created, rng.int(1, 90)), now));
    const deleted = status === 'Deleted' || status === 'Purged' ? between(rng, processed, now) : null;
    const purged = status === 'Purged' && deleted ? between(rng, deleted, now) : null;
    return {
      bucket,
      object_key: fileObjectKey(String(row.tenant_id), String(row.user_id), String(row.id), ext),
      // Pending: the upload is not confirmed yet, so the server has not hashed it or made a thumbnail.
      checksum_sha256: status === 'Pending' ? null : row.checksum_sha256,
      thumbnail_url:
        visual && status !== 'Pending' && status !== 'Purged'
          ? `https://cdn.flatrender.ir/thumbnails/${row.id}.webp`
          : null,
      expires_at:
        source === 'RenderExport' ? new Date(created.getTime() + EXPORT_RETENTION_DAYS * 86_400_000) : null,
      metadata:
        status === 'Quarantined'
          ? {
              ...(row.metadata as object),
              scan: { engine: 'ClamAV', result: 'infected', signature: 'Win.Trojan.Agent' },
            }
          : row.metadata,
      deleted_at: deleted,
      purged_at: purged,
      updated_at: purged ?? deleted ?? (status === 'Pending' ? created : processed),
    };
  },
  traits: {
    image: (_t) => ({ kind: 'Image' }),
    video: (_t) => ({ kind: 'Video' }),
    audio: (_t) => ({ kind: 'Audio' }),
    document: (_t) => ({ kind: 'Document' }),
    pending: (_t) => ({ status: 'Pending' }),
    /** Flagged by the virus scan: kept, never served. */
    quarantined: (_t) => ({ status: 'Quarantined', is_public: false }),
    /** Soft-deleted: still owns its object (and its quota) until purged. */
    deleted: (_t) => ({ status: 'Deleted' }),
    purged: (_t) => ({ status: 'Purged' }),
    public: (_t) => ({ is_public: true }),
    /** The MP4 of a finished render, kept for 30 days. */
    renderExport: ({ rng, now, parent }) => ({
      kind: 'Video',
      mime_type: EXPORT_MIME,
      source: 'RenderExport',
      created_at: createdWithin(rng, parent('identity.users').created_at, now, 25, 0.1),
    }),
    /** A render export past its retention, waiting for the ExpiredExports cleanup. */
    expired: ({ rng, now, parent }) => ({
      kind: 'Video',
      mime_type: EXPORT_MIME,
      source: 'RenderExport',
      created_at: createdWithin(rng, parent('identity.users').created_at, now, 90, EXPORT_RETENTION_DAYS + 1),
    }),
    /** A voiceover recorded in the editor. */
    voiceover: (_t) => ({ kind: 'Audio', mime_type: 'audio/mp4', source: 'Voiceover' }),
  },
});

/**
 * file_mgr.file_shares: a public download link to the context's file, made by its owner; only
 * the token's hash is stored. Active for 7 days by default.
 */
export const fileShareFactory = defineFactory('file_mgr.file_shares', {
  parents: ['file_mgr.files'],
  defaults: ({ rng, parent, now }) => {
    const file = parent('file_mgr.files');
    const fileCreated = toDate(file.created_at, now);
    const created = between(rng, latest(fileCreated, daysBefore(now, 6)), now);
    const max = rng.pick([null, 10, 50, 100]);
    return {
      file_id: file.id,
      token_hash: tokenHash(rng),
      created_by: file.user_id,
      created_at: created,
      expires_at: rng.bool(0.8) ? addSeconds(created, 7 * 86_400) : null,
      max_downloads: max,
      download_count: rng.int(0, max === null ? 40 : Math.floor(max / 2)),
    };
  },
  traits: {
    /** Past its expiry (links may be made for less than the default 7 days). */
    expired: ({ now, rng, parent }) => {
      const created = between(rng, toDate(parent('file_mgr.files').created_at, now), addSeconds(now, -7200));
      return { created_at: created, expires_at: between(rng, addSeconds(created, 3600), now) };
    },
    /** Every allowed download used. */
    exhausted: (_t) => ({ max_downloads: 10, download_count: 10 }),
    unlimited: (_t) => ({ expires_at: null, max_downloads: null }),
  },
});

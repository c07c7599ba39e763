import { BUCKETS, extensionOf, FILE_KINDS, formatOf, kindOfMime } from '../../domain/files.js';
import type { FileMgrFileKind, FileMgrUploadSessionStatus } from '../../schema/generated/tables.js';
import { defineFactory } from '../core/factory.js';
import { addSeconds, between, daysBefore, earliest, latest, MIB, num, toDate } from './shared.js';

/** The S3 minimum part size, the column default. */
const PART_SIZE = 5 * MIB;
const SESSION_TTL_SECONDS = 24 * 3600;

/** Sessions still open are younger than their 24 h lifetime. */
const OPEN: readonly FileMgrUploadSessionStatus[] = ['Initiated', 'Uploading', 'Completing'];

/**
 * file_mgr.upload_sessions: a multipart upload of a big file by the context's user. part_count
 * = ceil(total / part size); parts_completed and the timestamps follow the status. create() adds
 * the completed parts, and the file of a Completed session (same bucket, key and size).
 */
export const uploadSessionFactory = defineFactory('file_mgr.upload_sessions', {
  parents: ['identity.users', 'file_mgr.folders'],
  defaults: ({ n, rng, parent, now, overrides }) => {
    const user = parent('identity.users');
    const folder = parent('file_mgr.folders');
    const status =
      overrides.status ??
      rng.weighted<FileMgrUploadSessionStatus>([
        ['Completed', 55],
        ['Uploading', 15],
        ['Initiated', 5],
        ['Completing', 5],
        ['Aborted', 10],
        ['Expired', 10],
      ]);
    const kind = rng.weighted<FileMgrFileKind>([
      ['Video', 60],
      ['Aep', 20],
      ['Archive', 20],
    ]);
    const { mime, ext } = formatOf(rng, kind);
    const userCreated = toDate(user.created_at, now);
    // Open sessions started within their lifetime; closed ones at any time in the last two months.
    const created = OPEN.includes(status)
      ? between(rng, latest(userCreated, addSeconds(now, -20 * 3600)), addSeconds(now, -600))
      : between(rng, latest(userCreated, daysBefore(now, 60)), daysBefore(now, 1.1));
    return {
      user_id: user.id,
      folder_id: folder.user_id === user.id && !folder.deleted_at ? folder.id : null,
      file_name: `${rng.pick(FILE_KINDS[kind].names)} ${n}.${ext}`,
      mime_type: mime,
      total_size_bytes: rng.int(12 * MIB, 120 * MIB),
      part_size_bytes: PART_SIZE,
      storage_backend: 'Minio',
      bucket: BUCKETS.Upload,
      provider_upload_id: Buffer.from(rng.uuid()).toString('base64url'),
      checksum_expected: rng.bool(0.5) ? rng.hex(64) : null,
      status,
      created_at: created,
    };
  },
  finalize: (row, { rng, now }) => {
    const created = toDate(row.created_at, now);
    const status = row.status ?? 'Initiated';
    const parts = Math.ceil(num(row.total_size_bytes) / num(row.part_size_bytes, PART_SIZE));
    const expires = addSeconds(created, SESSION_TTL_SECONDS);
    const done =
      status === 'Completing' || status === 'Completed'
        ? parts
        : status === 'Initiated'
          ? 0
          : rng.int(status === 'Uploading' ? 1 : 0, parts - 1);
    // Roughly 2-20 s per 5 MiB part from Iranian home connections.
    const uploading = addSeconds(created, Math.max(done, 1) * rng.int(2, 20));
    const completed = status === 'Completed' ? earliest(addSeconds(uploading, rng.int(1, 5)), now) : null;
    const aborted = status === 'Aborted' ? earliest(addSeconds(uploading, rng.int(5, 600)), now) : null;
    const lastActivity = OPEN.includes(status) ? between(rng, created, now) : null;
    return {
      part_count: parts,
      parts_completed: done,
      object_key: `${row.tenant_id}/${row.user_id}/${row.id}.${extensionOf(row.file_name ?? 'file.bin')}`,
      expires_at: expires,
      completed_at: completed,
      aborted_at: aborted,
      error_message:
        status === 'Aborted'
          ? rng.pick(['لغو توسط کاربر', 'قطع اتصال اینترنت در حین بارگذاری'])
          : status === 'Expired'
            ? 'مهلت ۲۴ ساعته بارگذاری به پایان رسید'
            : null,
      // An expired session is marked by the StaleUploadSessions cleanup after its deadline.
      updated_at:
        completed ??
        aborted ??
        lastActivity ??
        (status === 'Expired' ? between(rng, expires, now) : earliest(uploading, now)),
    };
  },
  beforeCreate: async (row, { create }) => {
    if (row.status !== 'Completed' || row.file_id !== undefined) return undefined;
    // The finished upload becomes a file at the session's key (undefined would erase defaults).
    const file = await create('file_mgr.files', {
      user_id: row.user_id,
      folder_id: row.folder_id ?? null,
      original_name: row.file_name,
      mime_type: row.mime_type ?? null,
      kind: kindOfMime(row.mime_type),
      size_bytes: row.total_size_bytes,
      bucket: row.bucket,
      object_key: row.object_key,
      status: 'Active',
      source: 'Upload',
      ...(row.storage_backend ? { storage_backend: row.storage_backend } : {}),
      ...(row.checksum_expected ? { checksum_sha256: row.checksum_expected } : {}),
      ...(row.completed_at ? { created_at: row.completed_at } : {}),
    });
    return { file_id: file.id };
  },
  afterCreate: async (row, { create }) => {
    for (let part = 1; part <= row.parts_completed; part++) {
      await create('file_mgr.upload_session_parts', { session_id: row.id, part_number: part });
    }
  },
  traits: {
    initiated: (_t) => ({ status: 'Initiated' }),
    uploading: (_t) => ({ status: 'Uploading' }),
    completing: (_t) => ({ status: 'Completing' }),
    completed: (_t) => ({ status: 'Completed' }),
    aborted: (_t) => ({ status: 'Aborted' }),
    /** Left unfinished past its 24 h lifetime. */
    expired: (_t) => ({ status: 'Expired' }),
  },
});

/**
 * file_mgr.upload_session_parts: one uploaded part of the context's session. The part number is
 * the next free one of the session; sizes are the part size, the last part gets the remainder.
 */
export const uploadSessionPartFactory = defineFactory('file_mgr.upload_session_parts', {
  parents: ['file_mgr.upload_sessions'],
  defaults: ({ rng, parent }) => {
    const md5 = rng.hex(32);
    return {
      session_id: parent('file_mgr.upload_sessions').id,
      part_number: 1,
      // S3 answers each part with its MD5 as a quoted ETag.
      etag: `"${md5}"`,
      checksum_md5: md5,
    };
  },
  finalize: (row, { now, parent }) => {
    const session = parent('file_mgr.upload_sessions');
    return session.id === row.session_id ? partOf(row.part_number ?? 1, session, now) : {};
  },
  beforeCreate: async (row, { db, now }) => {
    const { rows } = await db.query<{ last: number; taken: boolean }>(
      `SELECT coalesce(max(part_number), 0)::int AS last, coalesce(bool_or(part_number = $2), false) AS taken
         FROM file_mgr.upload_session_parts WHERE session_id = $1`,
      [row.session_id, row.part_number],
    );
    if (!rows[0]?.taken) return undefined;
    const { rows: sessions } = await db.query<SessionLike>(
      'SELECT * FROM file_mgr.upload_sessions WHERE id = $1',
      [row.session_id],
    );
    const part = rows[0].last + 1;
    return sessions[0] ? partOf(part, sessions[0], now) : { part_number: part };
  },
});

interface SessionLike {
  readonly total_size_bytes?: unknown;
  readonly part_size_bytes?: unknown;
  readonly part_count?: unknown;
  readonly parts_completed?: unknown;
  readonly created_at?: unknown;
  readonly updated_at?: unknown;
  readonly expires_at?: unknown;
  readonly completed_at?: unknown;
  readonly aborted_at?: unknown;
}

/**
 * A part's number, size and upload time: parts arrive in order, evenly over the session's upload
 * window (until completion, abort, or the last activity of an open or expired session).
 */
function partOf(part: number, session: SessionLike, now: Date) {
  const size = num(session.part_size_bytes, PART_SIZE);
  const count = num(session.part_count, 1);
  const created = toDate(session.created_at, now);
  const end = earliest(
    toDate(
      session.completed_at ?? session.aborted_at,
      earliest(toDate(session.updated_at, now), toDate(session.expires_at, now)),
    ),
    now,
  );
  const share = part / Math.max(num(session.parts_completed), part);
  return {
    part_number: part,
    size_bytes: part >= count ? Math.max(num(session.total_size_bytes) - (count - 1) * size, 1) : size,
    uploaded_at: new Date(created.getTime() + Math.max(end.getTime() - created.getTime(), 0) * share),
  };
}

import { describe, expect } from 'vitest';
import { createFactories, type Factories, factoryDefinitions } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';
import { verifyDatabase } from '../../../src/verify/verify-database.js';
import { createSeedTest } from '../../../src/vitest/index.js';

// Each test rolls back, so row numbers restart without clashing with another test's rows.
const test = createSeedTest({ transaction: true });

const NOW = '2026-06-01T00:00:00Z';
const now = new Date(NOW);
const open = (db: Queryable, seed = 11): Factories => createFactories(db, { seed, now: NOW });

const MINE = [
  'audioLibrary',
  'savedProject',
  'savedProjectScene',
  'savedProjectSfx',
  'savedProjectVersion',
  'folder',
  'file',
  'storageQuota',
  'uploadSession',
  'uploadSessionPart',
  'cleanupSchedule',
  'cleanupRun',
  'fileShare',
  'notification',
  'notificationDelivery',
  'notificationPreference',
  'notificationTemplate',
  'telegramLink',
] as const;

interface AnyFactory {
  create(): Promise<Record<string, unknown>>;
  trait(name: string): AnyFactory;
}

const time = (value: unknown): number => (value as Date).getTime();
const HEX = (length: number) => new RegExp(`^[0-9a-f]{${length}}$`);

async function violationsIn(db: Queryable, schemas: readonly string[]) {
  const all = await verifyDatabase(db);
  return all.filter((v) => schemas.includes(v.table.split('.')[0]!));
}

describe('every studio, file_mgr and notification factory', () => {
  test('creates a row with its defaults and with each trait (each trait in a tenant of its own)', async ({
    db,
  }) => {
    const f = open(db, 1);
    for (const name of MINE) {
      const factory = f[name] as unknown as AnyFactory;
      await expect(factory.create(), `f.${name}.create()`).resolves.toBeDefined();
      for (const trait of Object.keys(factoryDefinitions[name].traits ?? {})) {
        const scoped = f.forTenant(await f.tenant.create());
        await expect(
          (scoped[name] as unknown as AnyFactory).trait(trait).create(),
          `f.${name}.${trait}().create()`,
        ).resolves.toBeDefined();
      }
    }
    expect(await violationsIn(db, ['studio', 'file_mgr', 'notification'])).toEqual([]);
  });
});

describe('f.audioLibrary', () => {
  test('music tracks have a bpm and artist; sfx are short clips without them', async ({ db }) => {
    const f = open(db, 2);
    const music = await f.audioLibrary.create();
    const sfx = await f.audioLibrary.sfx().create();
    expect(music.kind).toBe('Music');
    expect(music.bpm).toBeGreaterThan(0);
    expect(music.file_url).toMatch(/^minio:\/\/audio-library\/music\//);
    expect(music.file_md5).toMatch(HEX(32));
    expect(sfx.kind).toBe('Sfx');
    expect(sfx.bpm).toBeNull();
    expect(sfx.duration_ms).toBeLessThanOrEqual(3000);
    const gone = await f.audioLibrary.deleted().create();
    expect(gone.is_active).toBe(false);
    expect(time(gone.updated_at)).toBe(time(gone.deleted_at));
  });
});

describe('f.savedProject', () => {
  test("references the user and the project, with the project's container and volumes in 0..1", async ({
    db,
  }) => {
    const f = open(db, 3);
    const projects = await f.savedProject.createList(6);
    const project = f.context.current('content.projects')!;
    const user = f.context.current('identity.users')!;
    for (const saved of projects) {
      expect(saved.user_id).toBe(user.id);
      expect(saved.project_id).toBe(project.id);
      expect(saved.container_id).toBe(project.container_id);
      for (const volume of [saved.music_volume, saved.sfx_volume, saved.voiceover_volume]) {
        expect(Number(volume)).toBeGreaterThanOrEqual(0);
        expect(Number(volume)).toBeLessThanOrEqual(1);
      }
      expect(time(saved.updated_at)).toBeGreaterThanOrEqual(time(saved.created_at));
      expect(time(saved.updated_at)).toBeLessThanOrEqual(now.getTime());
      expect(saved.render_count > 0).toBe(saved.thumbnail_url !== null);
    }
  });

  test('library music is a Music track of the same tenant, picked or added on create()', async ({ db }) => {
    const f = open(db, 4);
    const saved = await f.savedProject.withMusic().create();
    expect(saved.music_track_id).not.toBeNull();
    const { rows } = await db.query('SELECT kind, tenant_id FROM studio.audio_library WHERE id = $1', [
      saved.music_track_id,
    ]);
    expect(rows[0]).toEqual({ kind: 'Music', tenant_id: saved.tenant_id });
    const silent = await f.savedProject.withoutMusic().create();
    expect([silent.music_track_id, silent.music_url]).toEqual([null, null]);
  });

  test('statuses: drafts were never rendered, queued and rendered ones at least once', async ({ db }) => {
    const f = open(db, 5);
    expect((await f.savedProject.draft().create()).render_count).toBe(0);
    expect((await f.savedProject.queued().create()).render_count).toBeGreaterThan(0);
    const rendered = await f.savedProject.rendered().create();
    expect(rendered.render_count).toBeGreaterThan(0);
    expect(rendered.thumbnail_url).toContain(rendered.id);
    expect((await f.savedProject.archived().create()).status).toBe('Archived');
    const deleted = await f.savedProject.deleted().create();
    expect(time(deleted.deleted_at)).toBeLessThanOrEqual(now.getTime());
  });

  test('withVoiceover: a coherent voiceover that fits the video (has_voiceover is generated)', async ({
    db,
  }) => {
    const f = open(db, 6);
    for (const saved of await f.savedProject.withVoiceover().createList(4)) {
      expect(saved.has_voiceover).toBe(true);
      expect(saved.voiceover_url).toMatch(/^minio:\/\/voiceovers\//);
      expect(saved.voiceover_source).not.toBeNull();
      expect(saved.voiceover_duration_ms! + saved.voiceover_offset_ms).toBeLessThanOrEqual(
        Number(saved.duration_sec) * 1000,
      );
      // Ducked or not, the music sits under the voice.
      expect(Number(saved.music_volume)).toBeLessThanOrEqual(0.6);
    }
    const plain = await f.savedProject.withoutMusic().create({ voiceover_url: null, voiceover_source: null });
    expect(plain.has_voiceover).toBe(false);
  });

  test('the voiceoverFile transient stores the voiceover as a file of the same user', async ({ db }) => {
    const f = open(db, 7);
    const saved = await f.savedProject.withVoiceover().transient({ voiceoverFile: true }).create();
    const { rows } = await db.query('SELECT * FROM file_mgr.files WHERE id = $1', [saved.voiceover_file_id]);
    const file = rows[0]!;
    expect(file).toMatchObject({ user_id: saved.user_id, tenant_id: saved.tenant_id, kind: 'Audio' });
    expect(file.source).toBe('Voiceover');
    expect(saved.voiceover_url).toBe(`minio://${file.bucket}/${file.object_key}`);
    expect(file.duration_ms).toBe(saved.voiceover_duration_ms);
  });
});

describe('saved project parts', () => {
  test("scenes copy the current content scene of the project; values are keyed by its elements' keys", async ({
    db,
  }) => {
    const f = open(db, 8);
    const saved = await f.savedProject.create();
    const scene = await f.scene.create();
    const copy = await f.savedProjectScene.create();
    expect(copy.saved_project_id).toBe(saved.id);
    expect(copy.scene_id).toBe(scene.id);
    expect(copy.scene_key).toBe(scene.key);
    const keys = Object.keys(copy.values as object);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(new RegExp(`^frl_${scene.key}[tm]\\d+$`));
    const custom = await f.savedProjectScene.customised().create();
    expect(Object.keys(custom.color_overrides as object)).toContain('primary');
    expect(Number(custom.duration_override_sec)).toBeGreaterThan(0);
  });

  test('sfx use a library clip of kind Sfx, or a custom upload', async ({ db }) => {
    const f = open(db, 9);
    const sfx = await f.savedProjectSfx.create();
    const { rows } = await db.query('SELECT kind, duration_ms FROM studio.audio_library WHERE id = $1', [
      sfx.audio_id,
    ]);
    expect(rows[0]?.kind).toBe('Sfx');
    expect(sfx.duration_ms).toBe(rows[0]?.duration_ms);
    const again = await f.savedProjectSfx.create();
    expect(again.audio_id).toBe(sfx.audio_id);
    const custom = await f.savedProjectSfx.custom().create();
    expect(custom.audio_id).toBeNull();
    expect(custom.custom_url).toMatch(/^minio:\/\/user-files\//);
  });

  test('versions count up per saved project', async ({ db }) => {
    const f = open(db, 10);
    const a = await f.savedProjectVersion.createList(3);
    expect(a.map((v) => v.version)).toEqual([1, 2, 3]);
    await f.savedProject.create();
    const b = await f.savedProjectVersion.createList(2);
    expect(b.map((v) => v.version)).toEqual([1, 2]);
    expect(b[0]!.saved_project_id).not.toBe(a[0]!.saved_project_id);
  });
});

describe('f.folder', () => {
  test('root folders have a materialised path; nested paths make their parents; names stay unique', async ({
    db,
  }) => {
    const f = open(db, 12);
    const [a, b] = await f.folder.createList(2);
    expect(a!.path).toBe(`/${a!.name}`);
    expect(a!.parent_id).toBeNull();
    expect(b!.name).not.toBe(a!.name);
    const nested = await f.folder.nested().create();
    const { rows } = await db.query('SELECT * FROM file_mgr.folders WHERE id = $1', [nested.parent_id]);
    expect(rows[0]).toMatchObject({ path: '/صداها', is_system: true, user_id: nested.user_id });
    expect(nested.path).toBe(`/صداها/${nested.name}`);
    // The Voiceovers folder exists now: a second nested folder reuses it.
    expect((await f.folder.nested().create()).parent_id).toBe(nested.parent_id);
    const exports = await f.folder.exports().create();
    expect(exports).toMatchObject({ name: 'خروجی‌ها', path: '/خروجی‌ها', is_system: true });
    const twin = await f.folder.exports().create();
    expect(twin.name).toBe('خروجی‌ها (2)');
    const child = await f.folder.create({ parent_id: exports.id, name: 'نوروز' });
    expect(child.path).toBe('/خروجی‌ها/نوروز');
    const deleted = await f.folder.deleted().create();
    expect(time(deleted.updated_at)).toBe(time(deleted.deleted_at));
  });
});

describe('f.file', () => {
  test('kind, mime type, extension and dimensions agree; the object key carries the id', async ({ db }) => {
    const f = open(db, 13);
    for (const file of await f.file.createList(8)) {
      expect(file.object_key).toBe(
        `${file.tenant_id}/${file.user_id}/${file.id}.${file.original_name.split('.').pop()}`,
      );
      expect(file.checksum_md5).toMatch(HEX(32));
      expect(file.checksum_sha256).toMatch(HEX(64));
      expect(Number(file.size_bytes)).toBeGreaterThan(0);
      if (file.kind === 'Image') expect(file.mime_type).toMatch(/^image\//);
      if (file.kind === 'Video') expect(file.duration_ms).toBeGreaterThan(0);
      if (file.kind === 'Audio') expect([file.width, file.height]).toEqual([null, null]);
      if (file.folder_id) {
        const { rows } = await db.query('SELECT user_id FROM file_mgr.folders WHERE id = $1', [
          file.folder_id,
        ]);
        expect(rows[0]?.user_id).toBe(file.user_id);
      }
    }
  });

  test('statuses carry their timestamps; exports live in the exports bucket for 30 days', async ({ db }) => {
    const f = open(db, 14);
    const purged = await f.file.purged().create();
    expect(time(purged.purged_at)).toBeGreaterThanOrEqual(time(purged.deleted_at));
    expect(time(purged.updated_at)).toBe(time(purged.purged_at));
    const pending = await f.file.pending().create();
    expect(pending.checksum_sha256).toBeNull();
    const exported = await f.file.renderExport().create();
    expect(exported).toMatchObject({ bucket: 'exports', kind: 'Video', mime_type: 'video/mp4' });
    expect(time(exported.expires_at)).toBe(time(exported.created_at) + 30 * 86_400_000);
    expect(time(exported.expires_at)).toBeGreaterThan(now.getTime());
    const expired = await f.file.expired().create();
    expect(time(expired.expires_at)).toBeLessThan(now.getTime());
    expect((await f.file.quarantined().create()).metadata).toHaveProperty('scan');
  });

  test('shares: active for 7 days, expired ones in the past, downloads within their limit', async ({
    db,
  }) => {
    const f = open(db, 15);
    const file = await f.file.create();
    for (const share of await f.fileShare.createList(4)) {
      expect(share.file_id).toBe(file.id);
      expect(share.created_by).toBe(file.user_id);
      expect(share.token_hash).toMatch(HEX(64));
      if (share.max_downloads !== null) expect(share.download_count).toBeLessThanOrEqual(share.max_downloads);
    }
    const expired = await f.fileShare.expired().create();
    expect(time(expired.expires_at)).toBeLessThanOrEqual(now.getTime());
    expect(time(expired.expires_at)).toBeGreaterThan(time(expired.created_at));
    const exhausted = await f.fileShare.exhausted().create();
    expect(exhausted.download_count).toBe(exhausted.max_downloads);
  });
});

describe('f.storageQuota', () => {
  const stored = async (db: Queryable, userId: string) => {
    const { rows } = await db.query<{ bytes: string; count: number }>(
      `SELECT coalesce(sum(size_bytes), 0)::text AS bytes, count(*)::int AS count FROM file_mgr.files
        WHERE user_id = $1 AND purged_at IS NULL`,
      [userId],
    );
    return { bytes: Number(rows[0]!.bytes), count: rows[0]!.count };
  };

  test("used_bytes is the sum of the user's stored (not purged) files, within the quota", async ({ db }) => {
    const f = open(db, 16);
    await f.file.createList(4);
    await f.file.deleted().create();
    await f.file.purged().create();
    const quota = await f.storageQuota.create();
    const { bytes, count } = await stored(db, quota.user_id);
    expect(Number(quota.used_bytes)).toBe(bytes);
    expect(quota.file_count).toBe(count);
    expect(count).toBe(5);
    expect(Number(quota.used_bytes)).toBeLessThan(Number(quota.quota_bytes) * 0.8);
  });

  test('nearlyFull and full reach their level with a real file; unlimited has no quota', async ({ db }) => {
    const f = open(db, 17);
    const warned = await f.storageQuota.nearlyFull().create();
    expect(Number(warned.used_bytes)).toBe((await stored(db, warned.user_id)).bytes);
    expect(Number(warned.used_bytes)).toBeGreaterThanOrEqual(Number(warned.quota_bytes) * 0.8);
    expect(Number(warned.used_bytes)).toBeLessThanOrEqual(Number(warned.quota_bytes));
    const t = f.forTenant(await f.tenant.create());
    const full = await t.storageQuota.full().create();
    expect(Number(full.used_bytes)).toBe(Number(full.quota_bytes));
    expect(Number(full.used_bytes)).toBe((await stored(db, full.user_id)).bytes);
    expect(time(full.warning_sent_at)).toBeLessThanOrEqual(time(full.full_sent_at));
    expect(time(full.updated_at)).toBeGreaterThanOrEqual(time(full.full_sent_at));
    const u = f.forTenant(await f.tenant.create());
    expect((await u.storageQuota.unlimited().create()).quota_bytes).toBeNull();
  });
});

describe('f.uploadSession', () => {
  test('part_count = ceil(total / part size); parts_completed and the part rows follow the status', async ({
    db,
  }) => {
    const f = open(db, 18);
    const statuses = ['initiated', 'uploading', 'completing', 'completed', 'aborted', 'expired'] as const;
    for (const status of statuses) {
      const session = await f.uploadSession.trait(status).create();
      expect(session.part_count).toBe(Math.ceil(Number(session.total_size_bytes) / session.part_size_bytes));
      expect(session.parts_completed).toBeLessThanOrEqual(session.part_count);
      const { rows } = await db.query<{ part_number: number; size_bytes: string; uploaded_at: Date }>(
        'SELECT * FROM file_mgr.upload_session_parts WHERE session_id = $1 ORDER BY part_number',
        [session.id],
      );
      expect(rows.map((p) => p.part_number)).toEqual(
        Array.from({ length: session.parts_completed }, (_, i) => i + 1),
      );
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i]!.uploaded_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.uploaded_at.getTime());
      }
      expect(time(session.updated_at)).toBeGreaterThanOrEqual(time(session.created_at));
      expect(time(session.updated_at)).toBeLessThanOrEqual(now.getTime());
      expect(time(session.expires_at)).toBe(time(session.created_at) + 86_400_000);
      if (status === 'completed') {
        expect(session.parts_completed).toBe(session.part_count);
        const total = rows.reduce((sum, p) => sum + Number(p.size_bytes), 0);
        expect(total).toBe(Number(session.total_size_bytes));
        const { rows: files } = await db.query('SELECT * FROM file_mgr.files WHERE id = $1', [
          session.file_id,
        ]);
        expect(files[0]).toMatchObject({
          bucket: session.bucket,
          object_key: session.object_key,
          user_id: session.user_id,
        });
        expect(Number(files[0]!.size_bytes)).toBe(Number(session.total_size_bytes));
        expect(time(session.completed_at)).toBeGreaterThanOrEqual(time(rows.at(-1)!.uploaded_at));
      } else {
        expect(session.file_id).toBeNull();
        expect(session.completed_at).toBeNull();
      }
      if (status === 'initiated') expect(session.parts_completed).toBe(0);
      if (status === 'uploading') expect(session.parts_completed).toBeGreaterThan(0);
      if (status === 'aborted') expect(session.aborted_at).not.toBeNull();
      if (status === 'expired') expect(time(session.expires_at)).toBeLessThan(now.getTime());
      if (['initiated', 'uploading', 'completing'].includes(status)) {
        expect(time(session.expires_at)).toBeGreaterThan(now.getTime());
      }
    }
  });

  test('a part made on its own takes the next free part number of the session', async ({ db }) => {
    const f = open(db, 19);
    const session = await f.uploadSession.uploading().create();
    const part = await f.uploadSessionPart.create();
    expect(part.session_id).toBe(session.id);
    expect(part.part_number).toBe(session.parts_completed + 1);
    expect(part.etag).toBe(`"${part.checksum_md5}"`);
  });
});

describe('cleanup', () => {
  test('schedules run nightly at 03:00 Tehran; platformWide has no tenant; runs follow their status', async ({
    db,
  }) => {
    const f = open(db, 20);
    const schedules = await f.cleanupSchedule.createList(3);
    expect(new Set(schedules.map((s) => s.target)).size).toBe(3);
    for (const s of schedules) {
      expect(s.cron_expr).toBe('0 3 * * *');
      expect(s.timezone).toBe('Asia/Tehran');
      // 03:00 in Tehran is 23:30 UTC.
      expect(s.last_run_at!.toISOString()).toMatch(/T23:30:\d\d/);
      expect(time(s.next_run_at)).toBeGreaterThan(now.getTime());
    }
    const platform = await f.cleanupSchedule.platformWide().create();
    expect(platform.tenant_id).toBeNull();
    const disabled = await f.cleanupSchedule.disabled().create();
    expect(disabled.next_run_at).toBeNull();
    const schedule = await f.cleanupSchedule.create();
    const ok = await f.cleanupRun.succeeded().create();
    expect(ok.schedule_id).toBe(schedule.id);
    expect(time(ok.finished_at)).toBeGreaterThanOrEqual(time(ok.started_at));
    expect(ok.items_deleted).toBeLessThanOrEqual(ok.items_scanned);
    const failed = await f.cleanupRun.failed().create();
    expect(failed.error_message).not.toBeNull();
    expect(failed.finished_at).not.toBeNull();
    const running = await f.cleanupRun.running().create();
    expect(running.finished_at).toBeNull();
    const dry = await f.cleanupRun.dryRun().create();
    expect([dry.items_deleted, Number(dry.bytes_freed)]).toEqual([0, 0]);
  });
});

describe('notifications', () => {
  test('Persian title and message by type, its channels and priority', async ({ db }) => {
    const all = open(db, 21);
    // Reachable on every channel: a phone, an e-mail, a push subscription and a Telegram link made early on.
    const since = new Date('2025-01-01T08:00:00Z');
    const user = await all.user.create({
      phone_number: '+989121234567',
      email: 'sara.21@example.ir',
      created_at: since,
    });
    const f = all.use(user);
    await f.pushSubscription.create({ created_at: new Date(since.getTime() + 3_600_000) });
    await f.telegramLink.create({
      created_at: new Date(since.getTime() + 3_600_000),
      linked_at: new Date(since.getTime() + 3_700_000),
    });
    const done = await f.notification.renderCompleted().create();
    expect(done.title).toBe('رندر ویدیوی شما آماده است');
    expect(done.message).toContain((done.data as { project_title: string }).project_title);
    expect(done.channels).toEqual(['InApp', 'Push', 'Telegram']);
    // It reports a render of that user, which completed before it.
    const { rows: jobs } = await db.query(
      'SELECT user_id, completed_at FROM render.render_jobs WHERE id = $1',
      [(done.data as { render_job_id: string }).render_job_id],
    );
    expect(jobs[0]!.user_id).toBe(user.id);
    expect(time(jobs[0]!.completed_at)).toBeLessThanOrEqual(time(done.created_at));
    expect(done.priority).toBe('High');
    const security = await f.notification.accountSecurity().create();
    expect(security.priority).toBe('Urgent');
    expect(security.channels).toContain('SMS');
    const read = await f.notification.read().create();
    expect(time(read.read_at)).toBeGreaterThanOrEqual(time(read.created_at));
    const unread = await f.notification.unread().create();
    expect(unread.read_at).toBeNull();
    const archived = await f.notification.archived().create();
    expect(time(archived.read_at)).toBeLessThanOrEqual(time(archived.archived_at));
    const expired = await f.notification.expired().create();
    expect(time(expired.expires_at)).toBeLessThan(now.getTime());
  });

  test('deliveries: one per channel of the notification, provider and recipient match the channel', async ({
    db,
  }) => {
    const f = open(db, 22);
    const user = await f.user.create({ phone_number: '+989121234567', email: 'sara.1@example.ir' });
    const notification = await f.use(user).notification.paymentSuccess().create();
    const deliveries = await f.notificationDelivery.createList(3);
    expect(deliveries.map((d) => d.channel).sort()).toEqual([...notification.channels].sort());
    for (const d of deliveries) {
      expect(d.notification_id).toBe(notification.id);
      expect(d.user_id).toBe(user.id);
      expect(time(d.created_at)).toBeGreaterThanOrEqual(time(notification.created_at));
      if (d.channel === 'SMS') {
        expect(['kavenegar', 'sms.ir']).toContain(d.provider);
        expect(d.recipient).toBe('+989121234567');
      }
      if (d.channel === 'Email') expect([d.provider, d.recipient]).toEqual(['smtp', 'sara.1@example.ir']);
    }
    // Every channel is taken: a fourth delivery goes to the next notification of that type and user.
    const fourth = await f.notificationDelivery.create();
    expect(fourth.notification_id).not.toBe(notification.id);
    const { rows } = await db.query(
      'SELECT user_id, notification_type FROM notification.notifications WHERE id = $1',
      [fourth.notification_id],
    );
    expect(rows[0]).toEqual({ user_id: user.id, notification_type: 'PaymentSuccess' });
  });

  test('a delivered delivery has ordered times; a failed one has its error and failure time', async ({
    db,
  }) => {
    const all = open(db, 23);
    // A user reachable by SMS and e-mail: deliveries go only to channels a user has.
    const f = all.use(await all.user.create({ phone_number: '+989121234567', email: 'sara.23@example.ir' }));
    await f.notification.accountSecurity().create();
    const delivered = await f.notificationDelivery.delivered().create({ channel: 'SMS' });
    expect(delivered.sent_at).not.toBeNull();
    expect(time(delivered.sent_at)).toBeGreaterThanOrEqual(time(delivered.created_at));
    expect(time(delivered.delivered_at)).toBeGreaterThanOrEqual(time(delivered.sent_at));
    expect(time(delivered.delivered_at)).toBeLessThanOrEqual(now.getTime());
    expect(delivered.provider_message_id).not.toBeNull();
    expect(delivered.error_message).toBeNull();
    // A caller-chosen channel already taken moves to the notification's next free channel.
    const moved = await f.notificationDelivery.create({ channel: 'SMS' });
    expect(moved.channel).toBe('InApp');
    expect([moved.provider, moved.recipient]).toEqual([null, null]);
    const failed = await f.notificationDelivery.failed().create();
    expect(failed.channel).toBe('Email');
    expect(failed.error_message).not.toBeNull();
    expect(time(failed.failed_at)).toBeGreaterThanOrEqual(time(failed.created_at));
    expect(failed.attempt).toBeGreaterThan(0);
    expect(failed.delivered_at).toBeNull();
    await f.notification.create();
    const pending = await f.notificationDelivery.pending().create();
    expect([pending.sent_at, pending.attempt, pending.provider_message_id]).toEqual([null, 0, null]);
  });

  test('preferences and templates: repeated creates walk (channel, type) pairs without colliding', async ({
    db,
  }) => {
    const f = open(db, 24);
    const prefs = await f.notificationPreference.createList(30);
    expect(new Set(prefs.map((p) => `${p.channel}/${p.notification_type}`)).size).toBe(30);
    expect(prefs.slice(0, 6).every((p) => p.notification_type === null)).toBe(true);
    const sms = await f.notificationPreference.quietHours().createList(3, { channel: 'SMS' });
    expect(sms.map((p) => p.quiet_hours_start)).toEqual(['23:00:00', '23:00:00', '23:00:00']);
    const t = f.forTenant(await f.tenant.create());
    const templates = await t.notificationTemplate.createList(40);
    expect(new Set(templates.map((t) => `${t.notification_type}/${t.channel}`)).size).toBe(40);
    const smsTemplate = await f.notificationTemplate.sms().create();
    expect(smsTemplate.provider_template_code).toMatch(/^fr-/);
    expect(smsTemplate.body).toMatch(/^فلت‌رندر: /);
    const email = await f.notificationTemplate.email().create({ notification_type: 'RenderCompleted' });
    expect(email.subject).toBe('رندر ویدیوی شما آماده است');
    expect(email.body).toContain('{{project_title}}');
    const english = await f.notificationTemplate.english().create({ notification_type: 'RenderCompleted' });
    expect(english.locale).toBe('en');
  });

  test('telegram links: one active link per user, unlinked ones kept as history', async ({ db }) => {
    const f = open(db, 25);
    const link = await f.telegramLink.create();
    const old = await f.telegramLink.unlinked().create();
    expect(old.user_id).toBe(link.user_id);
    expect(old.chat_id).not.toBe(link.chat_id);
    expect(link.link_token_hash).toMatch(HEX(64));
    expect(time(link.linked_at)).toBeGreaterThanOrEqual(time(link.created_at));
    await expect(f.telegramLink.create()).rejects.toThrow(/unique/i);
  });
});

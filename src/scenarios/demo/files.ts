import { DAY, HOUR, MINUTE } from '../../domain/calendar.js';
import { drawFileSize, drawUploadKind, fileName, formatOf, PURGE_AFTER_MS } from '../../domain/files.js';
import { lastNightlyRun } from '../../factories/file-mgr/cleanup.js';
import type { Factories } from '../../factories/index.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, makeCurrent, type Person, userOf } from './world.js';

/** Folders customers make for their material. */
const FOLDERS = ['لوگوها', 'عکس محصولات', 'پروژه‌های مشتری', 'ویدیوهای خام', 'فونت‌ها', 'آرشیو'];

/**
 * The file manager: customers who use the studio keep their logos, photos, clips, voiceovers and
 * briefs in folders (and the system's Exports folder); a few files were deleted (and purged by the
 * cleanup), one is quarantined by the virus scan, one upload is still pending. Each user's quota
 * follows their plan and is counted from their files; two customers are close to theirs. Then
 * multipart uploads of big files (the completed ones became files) and public share links.
 */
export async function makeFiles(tenant: DemoTenant, time: Timeline): Promise<void> {
  const rng = time.rng(`files|${tenant.key}`);
  const files: Record<string, unknown>[] = [];
  const owners: Person[] = [];
  const folders = new Map<string, RowOf<'file_mgr.folders'>[]>();
  for (const person of tenant.people) {
    if (person.renders.length === 0 && !rng.bool(0.3)) continue;
    const user = userOf(person);
    owners.push(person);
    const f = makeCurrent(tenant, user);
    const start = person.signup + rng.int(5, 60) * MINUTE;
    const end = Math.min(person.until, time.now - 10 * MINUTE);
    const mine = [await f.folder.exports().create({ created_at: new Date(start) })];
    for (let k = rng.int(0, 2); k > 0; k--) {
      mine.push(
        await f.folder.create({
          name: rng.pick(FOLDERS),
          created_at: new Date(time.between(rng, start, end)),
        }),
      );
    }
    folders.set(user.id, mine);
    const count = Math.min(12, 1 + Math.floor(person.weight * rng.int(1, 3)));
    for (let k = 0; k < count; k++) {
      const kind = drawUploadKind(rng);
      const { mime, ext } = formatOf(rng, kind);
      const at = time.between(rng, start, end);
      const age = time.now - at;
      const status = rng.weighted([
        ['Active', 90],
        ['Deleted', age < PURGE_AFTER_MS ? 6 : 0],
        ['Purged', age > PURGE_AFTER_MS ? 6 : 0],
        ['Quarantined', kind === 'Archive' ? 4 : 0],
      ] as const);
      const folder = rng.pick(mine);
      files.push({
        user_id: user.id,
        folder_id: folder.is_system || rng.bool(0.3) ? null : folder.id,
        kind,
        mime_type: mime,
        original_name: fileName(rng, kind, ext, at),
        size_bytes: drawFileSize(rng, kind),
        status,
        source: 'Upload',
        created_at: new Date(at),
      });
    }
  }
  // One upload started a moment ago and is not confirmed yet.
  const last = owners.at(-1);
  if (last) {
    files.push({
      user_id: userOf(last).id,
      folder_id: null,
      kind: 'Image',
      mime_type: 'image/png',
      original_name: fileName(rng, 'Image', 'png', time.now - 90 * 1000),
      status: 'Pending',
      source: 'Upload',
      created_at: new Date(time.now - 90 * 1000),
    });
  }
  files.sort((a, b) => (a.created_at as Date).getTime() - (b.created_at as Date).getTime());
  const stored = await tenant.f.file.createList(files.length, (i) => files[i]!);

  // Quotas from the plan's storage (2 GB without one); two customers near the warning threshold.
  for (const [k, person] of owners.entries()) {
    const gb = person.plan?.storage_quota_gb ?? 2;
    const f = makeCurrent(tenant, userOf(person));
    const recalculated = new Date(time.now - rng.int(1, 20) * HOUR);
    const quota = k === 3 || k === 11 ? f.storageQuota.nearlyFull() : f.storageQuota;
    await quota.create({
      quota_bytes: gb * 1024 ** 3,
      recalculated_at: recalculated,
      updated_at: recalculated,
    });
  }

  // Multipart uploads of big files by recently active customers.
  const recent = owners.filter((p) => (userOf(p).last_login_at?.getTime() ?? 0) > time.now - 50 * DAY);
  const uploads = { flatrender: 30, studio: 8, agency: 4, enterprise: 6 }[tenant.key];
  for (let k = 0; k < uploads && recent.length > 0; k++) {
    const person = rng.pick(recent);
    const [exports] = folders.get(userOf(person).id) ?? [];
    await makeCurrent(tenant, userOf(person), ...(exports ? [exports] : [])).uploadSession.create();
  }

  // Download links to a few recent files.
  const shareable = stored.filter(
    (s) => s.status === 'Active' && s.created_at.getTime() > time.now - 20 * DAY,
  );
  for (
    let k = 0;
    k < Math.min(shareable.length, { flatrender: 15, studio: 5, agency: 3, enterprise: 4 }[tenant.key]);
    k++
  ) {
    const file = shareable[(k * 7) % shareable.length]!;
    const f = makeCurrent(tenant, file);
    await (k % 5 === 4 ? f.fileShare.expired() : f.fileShare).create();
  }
}

/**
 * The platform's nightly cleanups (03:00 Tehran): one schedule per target over all tenants, and
 * their runs of the last thirty nights (a few failed; tonight's still running if it just began).
 */
export async function makeCleanups(f: Factories, time: Timeline): Promise<void> {
  const rng = time.rng('cleanups');
  const targets = [
    'ExpiredExports',
    'StaleUploadSessions',
    'SoftDeletedFiles',
    'RenderFrameChunks',
    'OrphanObjects',
    'ExpiredSnapshots',
  ] as const;
  const tonight = lastNightlyRun(new Date(time.now)).getTime();
  const running = time.now - tonight < 30 * MINUTE;
  for (const target of targets) {
    const schedule = await f.cleanupSchedule.platformWide().create({
      target,
      // Render chunks are dropped a day after their job ends (the demo keeps the last day's).
      ...(target === 'RenderFrameChunks' ? { retention_days: 1 } : {}),
      ...(target === 'OrphanObjects' ? { dry_run: true } : {}),
      created_at: new Date(time.now - 400 * DAY),
    });
    const nights = 30;
    await f.use(schedule).cleanupRun.createList(nights, (i) => {
      const night = tonight - (nights - 1 - i) * DAY;
      const now = i === nights - 1 && running;
      return {
        status: now ? 'Running' : rng.bool(0.06) ? 'Failed' : 'Succeeded',
        started_at: new Date(night + rng.int(1, 20) * 1000),
      };
    });
  }
}

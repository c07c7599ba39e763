import { DAY, HOUR } from '../../domain/calendar.js';
import { objectUrl } from '../../domain/realism.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, makeCurrent, userOf } from './world.js';

/** What customers type into templates' text slots. */
const HEADLINES = [
  'نوروزتان پیروز',
  'حراج بزرگ پاییزه',
  'افتتاحیه شعبه جدید',
  'یلدا مبارک',
  'محصول تازه ما',
  'ارسال رایگان به سراسر ایران',
  'فقط تا جمعه',
  'همراه ما باشید',
];

/**
 * What customers did in the studio besides rendering: a draft here and there they never
 * rendered, sound effects on some timelines, and the version history of recent edits.
 */
export async function makeStudioWork(
  tenant: DemoTenant,
  edits: readonly RowOf<'studio.saved_projects'>[],
  time: Timeline,
): Promise<void> {
  const rng = time.rng(`studio|${tenant.key}`);
  for (const person of tenant.people) {
    if (!rng.bool(0.15)) continue;
    const template = rng.pick(tenant.catalogue);
    const at = person.signup + rng.next() * (Math.min(person.until, time.now - 3 * HOUR) - person.signup);
    await makeCurrent(tenant, userOf(person), template.projects[0]!)
      .savedProject.draft()
      .create({ created_at: new Date(at) });
  }
  const mine = edits.filter((e) => e.tenant_id === tenant.row.id);
  for (const [i, edit] of mine.entries()) {
    const fresh = edit.created_at.getTime() > time.now - 10 * DAY;
    if (i % 9 !== 0 && !fresh) continue;
    const f = makeCurrent(tenant, edit);
    if (rng.bool(0.5)) await f.savedProjectSfx.create();
    if (fresh) {
      await f.savedProjectVersion.create();
      await f.savedProjectVersion.create();
    }
  }
}

/**
 * The scenes of every saved project: each scene of its template with what the customer typed
 * and the media they picked for its slots. One COPY.
 */
export async function makeSavedScenes(tenant: DemoTenant, time: Timeline): Promise<void> {
  const rng = time.rng(`saved-scenes|${tenant.key}`);
  const { rows } = await tenant.f.context.db.query<{
    saved_project_id: string;
    user_id: string;
    created_at: Date;
    updated_at: Date;
    scene_id: string;
    scene_key: string;
    sort_order: number;
    keys: string[];
    types: string[];
  }>(
    `SELECT p.id AS saved_project_id, p.user_id, p.created_at, p.updated_at, s.id AS scene_id, s.key AS scene_key,
            s.sort_order, array_agg(e.key ORDER BY e.sort_order, e.key) AS keys,
            array_agg(e.element_type::text ORDER BY e.sort_order, e.key) AS types
       FROM studio.saved_projects p
       JOIN content.scenes s ON s.project_id = p.project_id AND s.deleted_at IS NULL
       JOIN content.scene_elements e ON e.scene_id = s.id
      WHERE p.tenant_id = $1
      GROUP BY p.id, s.id ORDER BY p.created_at, p.id, s.sort_order, s.id`,
    [tenant.row.id],
  );
  await tenant.f.savedProjectScene.createList(rows.length, (i) => {
    const r = rows[i]!;
    const values = Object.fromEntries(
      r.keys.map((key, k) => [
        key,
        r.types[k] === 'Text'
          ? rng.pick(HEADLINES)
          : objectUrl(
              'user-files',
              `${tenant.row.id}/${r.user_id}/${rng.hex(24)}.${rng.pick(['png', 'jpg', 'mp4'])}`,
            ),
      ]),
    );
    const created = r.created_at.getTime();
    const edited =
      created + rng.next() * Math.max(0, Math.min(r.updated_at.getTime(), created + DAY) - created);
    return {
      saved_project_id: r.saved_project_id,
      scene_id: r.scene_id,
      scene_key: r.scene_key,
      sort_order: r.sort_order,
      values,
      created_at: new Date(created),
      updated_at: new Date(edited),
    };
  });
}

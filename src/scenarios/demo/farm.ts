import { DAY } from '../../domain/calendar.js';
import type { Factories } from '../../factories/index.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, makeCurrent } from './world.js';

/** The render farm the demo's jobs ran on. */
export interface Farm {
  /** Nodes that take work (the jobs' chunks and step events name them). */
  readonly working: readonly RowOf<'render.nodes'>[];
  readonly all: readonly RowOf<'render.nodes'>[];
  /** The enterprise's dedicated node. */
  readonly dedicated: RowOf<'render.nodes'>;
}

/**
 * The platform's nodes, oldest first, in the state each is in at the reference time. FlatRender
 * moved its farm to new GPU servers a hundred days ago (the old machines are gone with their
 * logs); it has added nodes as renders grew, one is down after a crash and one is being
 * provisioned now. A year of hourly health logs for ten nodes would be ~90k rows: the demo keeps
 * its farm young instead of its logs sparse.
 */
const NODES = [
  ['online', 100],
  ['busy', 96],
  ['online', 80],
  ['draining', 60],
  ['maintenance', 45],
  ['crashed', 25],
  ['provisioning', 0.01],
] as const;

/** The enterprise's dedicated node went in when its contract grew. */
const DEDICATED_AGE_DAYS = 50;

/**
 * The render farm in Tehran data centres: platform nodes in every state and a node dedicated to
 * the enterprise, each living its story (domain/render-farm.ts) from the day it was racked: its
 * crashes and recoveries, maintenance nights, and a health log at least hourly from creation to
 * its last heartbeat. Made after a render exists: a node's crashes are made through the crash
 * factory, which wants a current render job (a crash between jobs names none, but would make one).
 */
export async function makeFarm(f: Factories, enterprise: DemoTenant, time: Timeline): Promise<Farm> {
  const all: RowOf<'render.nodes'>[] = [];
  const logged = f.node.transient({ withHealthLogs: true });
  // Named by rack order (the factory's names carry the seed's uid, for databases seeded twice).
  const named = (k: number) => ({
    name: `thr-gpu-${String(k).padStart(2, '0')}`,
    hostname: `thr-gpu-${String(k).padStart(2, '0')}.farm.flatrender.ir`,
  });
  for (const [k, [state, days]] of NODES.entries()) {
    all.push(
      await logged.trait(state).create({ ...named(k + 1), created_at: new Date(time.now - days * DAY) }),
    );
  }
  const dedicated = await logged.online().create({
    ...named(NODES.length + 1),
    dedicated_tenant_id: enterprise.row.id,
    tags: ['gpu', 'dedicated'],
    created_at: new Date(time.now - DEDICATED_AGE_DAYS * DAY),
  });
  all.push(dedicated);
  const working = all.filter(
    (n) => n.id !== dedicated.id && (n.status === 'Online' || n.status === 'Busy' || n.status === 'Draining'),
  );
  return { working, all, dedicated };
}

/** Which templates each node has cached: the popular ones, on every working node. */
export async function makeTemplateCaches(
  f: Factories,
  farm: Farm,
  tenants: readonly DemoTenant[],
): Promise<void> {
  const popular = tenants
    .flatMap((t) => t.catalogue.slice(0, t.key === 'flatrender' ? 5 : 2).map((x) => x.projects[0]!))
    .slice(0, 9);
  for (const node of farm.working) {
    for (const project of popular.slice(0, 6)) await f.use(node, project).nodeTemplateCache.create();
  }
  await f.use(farm.working[0]!, popular.at(-1)!).nodeTemplateCache.evicted().create();
}

/**
 * Scene snapshots of recent renders: the scenes a render made once are reused, through their
 * cache key, by later renders of the same template variant.
 */
export async function makeSnapshots(
  tenants: readonly DemoTenant[],
  jobs: readonly RowOf<'render.render_jobs'>[],
  time: Timeline,
): Promise<void> {
  const scenesOf = new Map<
    string,
    { tenant: DemoTenant; scenes: readonly RowOf<'content.scenes'>[]; project: RowOf<'content.projects'> }
  >();
  for (const tenant of tenants) {
    for (const template of tenant.catalogue) {
      for (const project of template.projects) {
        scenesOf.set(project.id, { tenant, scenes: template.scenes.get(project.id) ?? [], project });
      }
    }
  }
  const recent = jobs.filter(
    (j) => j.status === 'Completed' && j.source === 'Web' && j.queued_at.getTime() > time.now - 14 * DAY,
  );
  const made = new Map<string, RowOf<'render.snapshots'>>();
  for (const job of recent) {
    const found = scenesOf.get(job.project_id);
    const scene = found?.scenes[0];
    if (!found || !scene) continue;
    const f = makeCurrent(found.tenant, found.project, scene, job);
    const earlier = made.get(job.project_id);
    if (earlier) {
      await makeCurrent(found.tenant, job, earlier).renderJobSnapshot.reused().create({ scene_index: 0 });
    } else if (made.size < 25) {
      const snapshot = await f.snapshot.create();
      made.set(job.project_id, snapshot);
      await makeCurrent(found.tenant, job, snapshot).renderJobSnapshot.create({ scene_index: 0 });
    }
  }
}

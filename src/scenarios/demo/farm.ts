import { DAY, HOUR, MINUTE } from '../../domain/calendar.js';
import type { RowOf } from '../../factories/core/table-meta.js';
import type { Factories } from '../../factories/index.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, makeCurrent } from './world.js';

/** The render farm the demo's jobs ran on. */
export interface Farm {
  /** Nodes that take work (the jobs' chunks and step events name them). */
  readonly working: readonly RowOf<'render.nodes'>[];
  readonly all: RowOf<'render.nodes'>[];
  /** The enterprise's dedicated node. */
  readonly dedicated: RowOf<'render.nodes'>;
}

/** The platform's nodes, oldest first, in the state each is in at the reference time. */
const NODES = [
  ['online', 400],
  ['busy', 380],
  ['online', 300],
  ['online', 260],
  ['draining', 200],
  ['offline', 150],
  ['maintenance', 90],
] as const;

/**
 * Render nodes in Tehran data centres: platform nodes in every state (the crashed one comes with
 * the crashes, makeCrashes), a node dedicated to the enterprise, one still provisioning, and one
 * brought online two hours ago whose health series (a sample every five minutes) is complete.
 *
 * TODO(issue 11 item 3): older nodes get their health-log series (at most an hour apart, from
 * creation to last heartbeat) from src/domain/render-farm.ts once it lands on main.
 */
export async function makeFarm(f: Factories, enterprise: DemoTenant, time: Timeline): Promise<Farm> {
  const all: RowOf<'render.nodes'>[] = [];
  for (const [state, days] of NODES) {
    all.push(await f.node.trait(state).create({ created_at: new Date(time.now - days * DAY) }));
  }
  const dedicated = await enterprise.f.node
    .online()
    .dedicated()
    .create({ created_at: new Date(enterprise.row.created_at.getTime() + 5 * DAY) });
  all.push(dedicated);
  all.push(await f.node.provisioning().create({ created_at: new Date(time.now - 20 * MINUTE) }));
  const fresh = await f.node.online().create({ created_at: new Date(time.now - 2 * HOUR) });
  all.push(fresh);
  const samples = Math.floor(
    (fresh.last_heartbeat_at!.getTime() - fresh.created_at.getTime() - MINUTE) / (5 * MINUTE),
  );
  for (let k = 0; k < samples; k++) await f.use(fresh).nodeHealthLog.create();
  const working = all.filter((n) => n.status === 'Online' || n.status === 'Busy' || n.status === 'Draining');
  return { working: working.filter((n) => n.id !== dedicated.id), all, dedicated };
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
 * What the farm went through with the jobs: each render that failed because After Effects kept
 * crashing crashed on two or three nodes (each time restarted within the hour), a few agents fell
 * over between jobs, and one node crashed minutes ago and is still down. Made after the renders:
 * a crash's factory wants a current render job (an idle crash names none, but would make one).
 */
export async function makeCrashes(
  f: Factories,
  farm: Farm,
  jobs: readonly RowOf<'render.render_jobs'>[],
  time: Timeline,
): Promise<void> {
  const rng = time.rng('crashes');
  farm.all.push(await f.node.crashed().create({ created_at: new Date(time.now - 120 * DAY) }));
  const crashed = jobs.filter(
    (j) => j.error_code === 'AE_CRASH_LIMIT' && j.started_at && j.queued_at.getTime() > time.now - 120 * DAY,
  );
  for (const job of crashed) {
    for (let k = rng.int(2, 3); k > 0; k--) {
      const node = rng.pick(farm.working);
      await f.use(node, job).nodeCrash.recovered().create({ crash_type: 'AeCrash' });
    }
  }
  for (let k = 0; k < 4; k++) await f.use(rng.pick(farm.working)).nodeCrash.idle().recovered().create();
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

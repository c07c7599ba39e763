import { CredentialBook } from './credentials.js';
import { defineScenario } from './scenario.js';

const DAY = 86_400_000;

/**
 * The render farm: nodes in every state with health logs across three months, crashes with and
 * without auto-recovery, template caches, jobs with their frame jobs and step events, frame repair
 * jobs, scene snapshots reused by later jobs through their cache key, and exports.
 */
export const renderFarmScenario = defineScenario({
  name: 'render-farm',
  description:
    'Nodes in every state, health logs over months, crashes, caches, frame and repair jobs, reused snapshots',
  fills: [
    'render.nodes',
    'render.node_health_logs',
    'render.node_crashes',
    'render.node_template_cache',
    'render.render_jobs',
    'render.render_job_events',
    'render.frame_jobs',
    'render.frame_repair_jobs',
    'render.snapshots',
    'render.render_job_snapshots',
    'render.exports',
  ],
  async run(f, progress) {
    const book = new CredentialBook();
    const tenant = await f.context.ensure('identity.tenants');
    const admin = await f.user.admin().create();
    book.login(tenant, admin, 'FlatRender admin (farm dashboard)');

    progress('nodes in every state, with health logs over three months');
    const states = [
      'online',
      'online',
      'busy',
      'draining',
      'offline',
      'crashed',
      'maintenance',
      'provisioning',
    ] as const;
    const nodes = [];
    for (const state of states) {
      const node = await f.node.trait(state).create();
      nodes.push(node);
      for (let k = 0; k < 6; k++) {
        await f
          .use(node)
          .nodeHealthLog.create({ recorded_at: new Date(f.context.now.getTime() - (k * 17 + 1) * DAY) });
      }
    }

    progress('render jobs with frame jobs, events and exports');
    const farm = f.use(nodes[0]!);
    const jobs = [];
    for (let i = 0; i < 4; i++) {
      jobs.push(
        await farm.renderJob.completed().transient({ withFrameJobs: true, withEvents: true }).create(),
      );
    }
    await farm.renderJob.running().transient({ withFrameJobs: true, withEvents: true }).create();
    const failed = await farm.renderJob.failed().create();

    progress('crashes, repairs, caches and snapshots');
    await f.use(nodes[5]!, failed).nodeCrash.create();
    await f.use(nodes[2]!, jobs[0]!).nodeCrash.recovered().create();
    await f.use(nodes[2]!, jobs[1]!).nodeCrash.recovered().create();
    await f.use(jobs[2]!).frameRepairJob.create();
    await f.use(jobs[2]!).frameRepairJob.corruptOnly().create();
    for (const node of nodes.slice(0, 3)) await f.use(node).nodeTemplateCache.create();
    const snapshot = await f.use(jobs[0]!).snapshot.create();
    await f.use(jobs[0]!, snapshot).renderJobSnapshot.create();
    await f.use(jobs[3]!, snapshot).renderJobSnapshot.reused().create();

    return { handles: { nodes, jobs, snapshot }, credentials: book.toJSON() };
  },
});

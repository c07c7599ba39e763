import { fileURLToPath } from 'node:url';
import { CredentialBook } from './credentials.js';
import { defineScenario } from './scenario.js';

const DAY = 86_400_000;

/**
 * The render farm: nodes in every state, each living its story (domain/render-farm.ts) from the
 * day it was racked: health logs at least hourly from its creation to its last heartbeat, the
 * crashes it had and how each was recovered, maintenance windows, a node draining and one retired;
 * template caches, jobs with their frame jobs and step events, a repaired render, and scene
 * snapshots reused by later jobs through their cache key.
 */
export const renderFarmScenario = defineScenario({
  module: fileURLToPath(import.meta.url),
  name: 'render-farm',
  description:
    'Nodes in every state with their story: hourly health logs, crashes and recoveries; jobs, repairs, snapshots',
  fills: [
    'identity.tenants',
    'identity.users',
    'identity.plans',
    'identity.payments',
    'identity.discount_codes',
    'identity.wallet_transactions',
    'content.categories',
    'content.containers',
    'content.projects',
    'content.scenes',
    'studio.saved_projects',
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

    progress('nodes in every state, each with its story: crashes and a health log at least hourly');
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
    const now = f.context.now.getTime();
    const nodes = [];
    for (const [i, state] of states.entries()) {
      // Racked over the last three months; the one being provisioned today.
      const age = state === 'provisioning' ? 0.02 : 30 + 9 * i;
      const node = await f.node
        .trait(state)
        .transient({ withHealthLogs: true })
        .create({ created_at: new Date(now - age * DAY) });
      nodes.push(node);
    }

    progress('render jobs on the busiest node, with frame jobs, events and exports');
    const farm = f.use(nodes[0]!);
    const recent = (k: number) => ({ queued_at: new Date(now - (2 + 3 * k) * DAY) });
    const jobs = [];
    for (let k = 0; k < 4; k++) {
      jobs.push(
        await farm.renderJob
          .completed()
          .transient({ withFrameJobs: true, withEvents: true })
          .create(recent(k)),
      );
    }
    await farm.renderJob.running().transient({ withFrameJobs: true, withEvents: true }).create();
    await farm.renderJob.failed().create(recent(5));
    // A render whose frames came out broken and were repaired (its repair job comes with it).
    const repaired = await farm.renderJob
      .completed()
      .transient({ withEvents: true, repaired: true })
      .create(recent(6));
    await f.use(repaired).frameRepairJob.corruptOnly().create();

    progress('template caches and snapshots');
    for (const node of nodes.slice(0, 3)) await f.use(node).nodeTemplateCache.create();
    const snapshot = await f.use(jobs[0]!).snapshot.create();
    await f.use(jobs[0]!, snapshot).renderJobSnapshot.create();
    await f.use(jobs[3]!, snapshot).renderJobSnapshot.reused().create();

    return { handles: { nodes, jobs, snapshot }, credentials: book.toJSON() };
  },
});

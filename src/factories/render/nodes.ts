import { monthOf } from '../../domain/partitions.js';
import { DATACENTERS } from '../../domain/places.js';
import { digest } from '../../domain/realism.js';
import {
  AE_VERSIONS,
  AGENT_VERSIONS,
  CRASH_KINDS,
  drawNodeStory,
  expectedLoad,
  finalStateOf,
  GPU_MODELS,
  healthLogTimes,
  NODE_AGE_DAYS,
  type NodeStory,
  nodeTags,
  regionOf,
  stateAt,
  statusOf,
} from '../../domain/render-farm.js';
import { SeedError } from '../../errors.js';
import type { RenderNodeStatus } from '../../schema/generated/tables.js';
import { ensurePartitionFor } from '../../sql/partitions.js';
import type { RunState } from '../core/factory.js';
import { defineFactory } from '../core/factory.js';
import { clampToNow, num, round2, toDate } from './shared.js';

/** WireGuard mesh address: 10.66.0.x as in the upstream docs (x from 2, .1 is the gateway). */
function meshIp(n: number): string {
  return `10.66.${Math.floor((n - 1) / 253)}.${((n - 1) % 253) + 2}`;
}

/**
 * render.nodes: platform-wide After Effects render machines in Tehran ('node-<n>'); heartbeat,
 * drain and crash columns follow the status.
 */
export const nodeFactory = defineFactory('render.nodes', {
  /** withHealthLogs: also write its health log series from its creation to its last heartbeat. */
  transient: { withHealthLogs: false },
  defaults: ({ n, uid, rng, past }) => {
    const [gpu, vram] = rng.pick(GPU_MODELS);
    // The newest two or three After Effects releases are installed.
    const versions = AE_VERSIONS.slice(AE_VERSIONS.length - rng.int(2, 3));
    const capacity = rng.pick([250, 500, 1000]);
    return {
      name: `node-${uid}`,
      hostname: `node-${uid}.farm.flatrender.ir`,
      node_ip: `185.${rng.pick([8, 13, 51, 97, 126])}.${rng.int(0, 255)}.${rng.int(2, 254)}`,
      mesh_ip: meshIp(n),
      region: regionOf(n - 1),
      os: rng.weighted([
        ['Windows', 88],
        ['MacOs', 12],
      ] as const),
      status: 'Online',
      node_agent_version: rng.pick(AGENT_VERSIONS),
      current_ae_version: versions.at(-1),
      available_ae_versions: versions,
      supported_engines: ['AfterEffects'],
      ram_gb: rng.pick([64, 128, 256]),
      cpu_cores: rng.pick([16, 24, 32, 64]),
      gpu_model: gpu,
      gpu_vram_gb: vram,
      cache_capacity_gb: capacity,
      cache_used_gb: round2(capacity * (0.1 + rng.next() * 0.7)),
      max_concurrent_jobs: rng.pick([1, 2, 2, 4]),
      weight: vram >= 24 ? 150 : 100,
      // AES-GCM envelope of the agent's HMAC secret: 12-byte nonce, 32-byte secret, 16-byte tag.
      hmac_secret_encrypted: Buffer.from(rng.hex(120), 'hex'),
      tags: nodeTags(versions.at(-1)),
      total_frames_rendered: rng.int(20_000, 4_000_000),
      metadata: { datacenter: rng.pick(DATACENTERS), rack: `R${rng.int(1, 12)}` },
      created_at: past(NODE_AGE_DAYS[1], NODE_AGE_DAYS[0]),
    };
  },
  finalize: (row, { rng, now, run }) => {
    const status = row.status as RenderNodeStatus;
    const created = toDate(row.created_at) ?? now;
    // Its life so far (domain/render-farm.ts): heartbeat, crashes, drain and uptime follow from it.
    const story = drawNodeStory(rng, {
      createdAt: Math.min(created.getTime(), now.getTime() - 10 * 60_000),
      now: now.getTime(),
      finalState: finalStateOf(status),
    });
    if (row.id) nodeStories(run).set(String(row.id), story);
    const max = num(row.max_concurrent_jobs, 1);
    const up = status === 'Online' || status === 'Busy' || status === 'Draining';
    const provisioning = status === 'Provisioning';
    return {
      last_heartbeat_at: new Date(story.lastHeartbeatAt),
      online_since: story.onlineSince === null ? null : new Date(story.onlineSince),
      drain_requested_at: story.drainRequestedAt === null ? null : new Date(story.drainRequestedAt),
      active_frame_jobs: status === 'Busy' ? max : up ? rng.int(0, max - 1) : 0,
      consecutive_crashes: story.consecutiveCrashes,
      is_enabled: status !== 'Maintenance',
      current_ae_version: provisioning ? null : row.current_ae_version,
      node_agent_version: provisioning ? null : row.node_agent_version,
      total_frames_rendered: provisioning ? 0 : row.total_frames_rendered,
      cache_used_gb: provisioning ? 0 : row.cache_used_gb,
      updated_at: new Date(
        Math.max(created.getTime(), story.lastHeartbeatAt, toDate(row.deleted_at)?.getTime() ?? 0),
      ),
    };
  },
  afterCreate: async (row, { create, createList, run, transient, now }) => {
    const story = nodeStories(run).get(row.id);
    if (!story) return;
    // Its crashes happened (render-farm rules: a crashed node went down at a crash it has not
    // recovered from); its health logs, when asked for, record the whole story.
    for (const crash of story.crashes) {
      await create(
        'render.node_crashes',
        {
          render_job_id: null,
          crash_type: crash.kind.type,
          detected_by: crash.kind.detectedBy,
          exit_code: crash.exitCode,
          error_message: crash.kind.message,
          occurred_at: new Date(crash.occurredAt),
          auto_recovered: crash.autoRecovered,
          recovery_action: crash.recoveryAction,
          recovered_at: crash.recoveredAt === null ? null : new Date(crash.recoveredAt),
          frames_reassigned: crash.framesReassigned,
        },
        ['idle'],
      );
    }
    if (transient.withHealthLogs) {
      const times = healthLogTimes(story);
      const max = num(row.max_concurrent_jobs, 1);
      await createList(
        'render.node_health_logs',
        times.length,
        (i) => {
          const at = times[i]!;
          const jobs = Math.round(expectedLoad(at, now.getTime()) * max);
          return {
            node_id: row.id,
            recorded_at: new Date(at),
            status: statusOf(stateAt(story, at), jobs, max),
          };
        },
        [],
        { fromStory: true },
      );
    }
  },
  traits: {
    online: (_t) => ({ status: 'Online' }),
    busy: (_t) => ({ status: 'Busy' }),
    draining: (_t) => ({ status: 'Draining' }),
    offline: (_t) => ({ status: 'Offline' }),
    crashed: (_t) => ({ status: 'Crashed' }),
    maintenance: (_t) => ({ status: 'Maintenance' }),
    provisioning: (_t) => ({ status: 'Provisioning' }),
    /** An enterprise-dedicated node of the context's tenant. */
    dedicated: ({ tenantId }) => ({
      dedicated_tenant_id: tenantId,
      tags: nodeTags(AE_VERSIONS.at(-1), true),
    }),
    /** Soft-deleted; its name may be provisioned again. */
    decommissioned: ({ now }) => ({ status: 'Offline', is_enabled: false, deleted_at: now }),
  },
});

/**
 * render.node_template_cache: an AEP (or bundle) cached on a node, keyed by the project's aep_md5;
 * a second row for the same node and project stands for an older build of that template.
 */
export const nodeTemplateCacheFactory = defineFactory('render.node_template_cache', {
  parents: ['render.nodes', 'content.projects'],
  defaults: ({ parent, rng, past, after, now, overrides }) => {
    const node = parent('render.nodes');
    const project = parent('content.projects');
    const md5 = project.aep_md5 ?? digest(rng, 32);
    const used = toDate(overrides.last_used_at);
    const cached = used ? new Date(used.getTime() - rng.int(3600, 30 * 86_400) * 1000) : past(60, 1);
    const bundle = project.aep_is_bundle ?? false;
    return {
      node_id: node.id,
      template_md5: md5,
      project_id: project.id,
      is_bundle: bundle,
      size_bytes: num(project.aep_size_bytes) || rng.int(8, 400) * 1_048_576,
      local_path:
        node.os === 'MacOs'
          ? `/Users/flatrender/cache/${md5}/${bundle ? '' : 'project.aep'}`
          : `D:\\flatrender\\cache\\${md5}\\${bundle ? '' : 'project.aep'}`,
      cached_at: cached,
      last_used_at: used ?? clampToNow(after(cached, 60, 20 * 86_400), now),
      hit_count: rng.int(1, 300),
    };
  },
  traits: {
    /** Evicted by the LRU some days after its last use (tombstone row). */
    evicted: ({ past, after, now }) => {
      const used = past(40, 8);
      return { last_used_at: used, evicted_at: clampToNow(after(used, 86_400, 7 * 86_400), now) };
    },
  },
  beforeCreate: async (row, { db, rng }) => {
    const { rows } = await db.query(
      'SELECT 1 FROM render.node_template_cache WHERE node_id = $1 AND template_md5 = $2',
      [row.node_id, row.template_md5],
    );
    return rows.length ? { template_md5: digest(rng, 32) } : undefined;
  },
});

/** The stories of the nodes this run made, by id: their crashes and health logs follow them. */
const nodeStories = (run: RunState) => run.memo<NodeStory>('render-node-story');

/** Minutes between two heartbeat samples of a node's health series. */
const SAMPLE_MINUTES = 5;

/**
 * render.node_health_logs: the k-th sample (k counted per node) of the current node's health
 * series, which starts when the node was created and takes one sample every five minutes, so
 * successive samples form a series without gaps (the health-log-series rule); samples inside a
 * crash report Crashed. Creates the month's partition first.
 */
export const nodeHealthLogFactory = defineFactory('render.node_health_logs', {
  parents: ['render.nodes'],
  /** fromStory: time and status are the node story's (the node factory's series): nothing to look up. */
  transient: { fromStory: false },
  defaults: ({ parent, rng, run, now }) => {
    const node = parent('render.nodes');
    const k = run.within('health-sample', node.id);
    const story = nodeStories(run).get(node.id);
    if (story) {
      // The k-th log of the node's series (domain/render-farm.ts).
      const at = healthLogTimes(story)[k];
      if (at !== undefined) {
        const max = num(node.max_concurrent_jobs, 1);
        const jobs = Math.round(expectedLoad(at, now.getTime()) * max);
        return {
          node_id: node.id,
          recorded_at: new Date(at),
          status: statusOf(stateAt(story, at), jobs, max),
        };
      }
    }
    const created = toDate(node.created_at) ?? now;
    const at = new Date(created.getTime() + rng.int(5, 60) * 1000 + k * SAMPLE_MINUTES * 60_000);
    const last = toDate(node.last_heartbeat_at);
    if (!last || at > last) {
      throw new SeedError(
        'E_SERIES_ENDED',
        `Node ${node.name}'s health series runs from its creation (${created.toISOString()}) to its last heartbeat (${last?.toISOString() ?? 'none'}); sample #${k + 1} would fall after it.`,
        {
          fix: 'Create fewer samples for this node, give recorded_at yourself, or make a node with a later last_heartbeat_at current.',
        },
      );
    }
    return {
      node_id: node.id,
      recorded_at: at,
      status: node.status === 'Busy' || node.status === 'Online' ? node.status : 'Online',
    };
  },
  finalize: (row, { parent, rng }) => {
    const node = parent('render.nodes');
    const status = row.status as RenderNodeStatus | null;
    if (status === 'Offline' || status === 'Crashed' || status === 'Provisioning') {
      return { extra: { reason: status === 'Crashed' ? 'agent restarting' : 'heartbeat missed' } };
    }
    const ram = num(node.ram_gb, 64);
    const vram = num(node.gpu_vram_gb, 16);
    const busy = status === 'Busy';
    const jobs = busy ? num(node.max_concurrent_jobs, 1) : status === 'Online' ? rng.int(0, 1) : 0;
    const load = busy ? 0.7 + rng.next() * 0.3 : jobs ? 0.3 + rng.next() * 0.4 : rng.next() * 0.15;
    return {
      cpu_percent: round2(100 * load),
      ram_used_gb: round2(ram * (0.15 + 0.7 * load)),
      disk_free_gb: round2(num(node.cache_capacity_gb, 100) - num(node.cache_used_gb) + rng.int(50, 400)),
      gpu_percent: round2(100 * Math.min(1, load * (0.8 + rng.next() * 0.3))),
      gpu_mem_used_gb: round2(vram * (0.05 + 0.85 * load)),
      ae_process_count: jobs,
      active_frame_jobs: jobs,
      cache_used_gb: node.cache_used_gb,
      rtt_ms: rng.int(1, 35),
      extra: { agent_version: node.node_agent_version, ae_version: node.current_ae_version },
    };
  },
  traits: {
    busy: (_t) => ({ status: 'Busy' }),
    idle: (_t) => ({ status: 'Online' }),
    missed: (_t) => ({ status: 'Offline' }),
  },
  beforeCreate: async (row, { db, now, once, transient }) => {
    const at = toDate(row.recorded_at) ?? now;
    // A row landing in the _default partition would block creating its month later (spec D9).
    await once(`partition render.node_health_logs ${monthOf(at.getTime())}`, () =>
      ensurePartitionFor(db, 'render.node_health_logs', at),
    );
    if (transient.fromStory) return undefined;
    // Inside a crash (a node_crashes row it has not recovered from by then) the node reports Crashed.
    const { rows } = await db.query(
      `SELECT 1 FROM render.node_crashes WHERE node_id = $1 AND occurred_at <= $2
          AND coalesce(recovered_at, 'infinity') >= $2 LIMIT 1`,
      [row.node_id, at],
    );
    return rows.length > 0 ? { status: 'Crashed' as const } : undefined;
  },
});

/**
 * render.node_crashes: a crash on the current node while it rendered the current job (when that job
 * ever started); auto-recovered crashes name their recovery and end after they occurred.
 */
export const nodeCrashFactory = defineFactory('render.node_crashes', {
  parents: ['render.nodes', 'render.render_jobs'],
  defaults: ({ parent, rng }) => {
    const job = parent('render.render_jobs');
    return {
      node_id: parent('render.nodes').id,
      render_job_id: job.started_at ? job.id : null,
      crash_type: rng.weighted([
        ['AeCrash', 35],
        ['AeHang', 20],
        ['OutOfMemory', 15],
        ['DiskFull', 5],
        ['AgentCrash', 10],
        ['NetworkLost', 10],
        ['Timeout', 5],
      ] as const),
      auto_recovered: rng.bool(0.75),
    };
  },
  finalize: (row, { parent, rng, past, after, now, n }) => {
    const node = parent('render.nodes');
    const job = parent('render.render_jobs');
    const during = row.render_job_id === job.id && Boolean(job.started_at);
    const crash = CRASH_KINDS.find((k) => k.type === row.crash_type) ?? CRASH_KINDS[0]!;
    const started = toDate(job.started_at);
    const ended = toDate(job.completed_at ?? job.failed_at ?? job.cancelled_at) ?? now;
    const occurred =
      during && started
        ? new Date(started.getTime() + (ended.getTime() - started.getTime()) * (0.1 + 0.7 * rng.next()))
        : past(30, 0.01);
    // Reassigning work needs work: a crash outside any job can only restart AE or drain the node.
    const action = row.auto_recovered
      ? (crash.recovery === 'WorkReassigned' && !during) || crash.recovery === 'ManualRequired'
        ? 'AeRestarted'
        : crash.recovery
      : 'ManualRequired';
    return {
      tenant_id: during ? job.tenant_id : null,
      detected_by: crash.detectedBy,
      exit_code: rng.pick(crash.exitCodes),
      error_message: crash.message,
      log_excerpt: `aerender: PROGRESS: ${rng.int(0, 3000)} (${rng.int(0, 59)}:${String(rng.int(0, 59)).padStart(2, '0')}): ${crash.message}`,
      ae_version: node.current_ae_version,
      dump_url: row.crash_type === 'AeCrash' ? `minio://crash-dumps/${node.name}/crash-${n}.dmp` : null,
      occurred_at: occurred,
      recovery_action: action,
      // Recovery takes minutes: the node reports Crashed in at least one sample (render-farm rules).
      recovered_at: row.auto_recovered ? clampToNow(after(occurred, 600, 3_600), now) : null,
      frames_reassigned:
        action === 'WorkReassigned'
          ? Math.min(num(job.total_frames), num(job.chunk_size, 30) * rng.int(1, 3))
          : 0,
      created_at: clampToNow(after(occurred, 1, 5), now),
    };
  },
  traits: {
    recovered: (_t) => ({ auto_recovered: true }),
    manualRequired: (_t) => ({ auto_recovered: false }),
    /** A crash while the node rendered nothing: no job, no tenant. */
    idle: (_t) => ({ render_job_id: null, crash_type: 'AgentCrash' }),
    aeHang: (_t) => ({ crash_type: 'AeHang' }),
    outOfMemory: (_t) => ({ crash_type: 'OutOfMemory' }),
  },
});

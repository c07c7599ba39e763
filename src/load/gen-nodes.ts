import { SECOND } from '../domain/calendar.js';
import { DATACENTERS } from '../domain/places.js';
import { streamFor } from '../domain/random.js';
import {
  AE_VERSIONS,
  AGENT_VERSIONS,
  expectedLoad,
  GPU_MODELS,
  healthLogTimes,
  type NodeState,
  nodeTags,
  regionOf,
  stateAt,
  statusOf,
} from '../domain/render-farm.js';
import type { Row } from '../sql/copy-text.js';
import { loadTable } from '../sql/load-table.js';
import { clamp, gaussian } from './draw.js';
import { hex, uuid } from './fast-format.js';
import { fixed, json } from './literals.js';
import type { LoadPlan, NodePlan } from './load-plan.js';
import type { NodeContext } from './tenant-context.js';

/** The hardware of a render node, shared by its row and its health log. */
export interface NodeCore {
  readonly plan: NodePlan;
  readonly os: 'Windows' | 'MacOs' | 'Linux';
  readonly ramGb: number;
  readonly cpuCores: number;
  readonly gpu: string;
  readonly gpuVramGb: number;
  readonly cacheCapacityGb: number;
  readonly maxConcurrent: number;
  readonly diskGb: number;
  readonly aeVersion: string | null;
}

export function nodeCore(plan: LoadPlan, node: NodePlan): NodeCore {
  const rng = streamFor(plan.seed, `${node.key}|render.nodes|0`);
  const os = rng.weighted([
    ['Windows', 85],
    ['MacOs', 10],
    ['Linux', 5],
  ] as const);
  const [gpu, vram] = os === 'MacOs' ? (['Apple M2 Ultra', 64] as const) : rng.pick(GPU_MODELS);
  return {
    plan: node,
    os,
    ramGb: rng.pick([64, 128, 128, 256]),
    cpuCores: rng.pick([16, 24, 32]),
    gpu,
    gpuVramGb: vram,
    cacheCapacityGb: rng.pick([250, 500, 1000]),
    maxConcurrent: rng.int(2, 4),
    diskGb: rng.pick([1000, 2000]),
    aeVersion: os === 'Linux' ? null : rng.pick(AE_VERSIONS.slice(-3)),
  };
}

/** Frame chunks a node runs at `ms` in a state: by the activity of the hour while up, winding down while draining. */
function activeFrameJobs(core: NodeCore, state: NodeState, ms: number, now: number, noise: number): number {
  if (state !== 'Up' && state !== 'Draining') return 0;
  const load = clamp(expectedLoad(ms, now) + 0.15 * noise, 0, 1);
  const jobs = Math.round(load * core.maxConcurrent);
  return state === 'Draining' ? Math.floor(jobs / 2) : jobs;
}

export const nodesTable = loadTable('render.nodes', [
  'id',
  'name',
  'hostname',
  'node_ip',
  'mesh_ip',
  'region',
  'os',
  'status',
  'node_agent_version',
  'current_ae_version',
  'available_ae_versions',
  'supported_engines',
  'ram_gb',
  'cpu_cores',
  'gpu_model',
  'gpu_vram_gb',
  'cache_capacity_gb',
  'cache_used_gb',
  'max_concurrent_jobs',
  'active_frame_jobs',
  'weight',
  'hmac_secret_encrypted',
  'dedicated_tenant_id',
  'tags',
  'is_enabled',
  'last_heartbeat_at',
  'online_since',
  'drain_requested_at',
  'consecutive_crashes',
  'total_frames_rendered',
  'metadata',
  'created_at',
  'updated_at',
]);

/**
 * render.nodes: the platform's render farm (no tenant), each node as its story ends
 * (domain/render-farm.ts); one node may be dedicated to the biggest Enterprise tenant.
 */
export function* nodeRows(plan: LoadPlan): Generator<Row> {
  const enterprise = plan.tenants.find((t) => t.kind === 'Enterprise');
  for (const node of plan.nodes) {
    const core = nodeCore(plan, node);
    const story = node.story;
    const rng = streamFor(plan.seed, `${node.key}|render.nodes|1`);
    const linux = core.os === 'Linux';
    const current = core.aeVersion;
    const state = story.finalState;
    const active = activeFrameJobs(core, state, story.lastHeartbeatAt, plan.nowMs, gaussian(rng));
    yield [
      node.id,
      node.name,
      `${node.name}.farm.flatrender.internal`,
      `10.20.${Math.floor(node.ordinal / 200)}.${(node.ordinal % 200) + 10}`,
      `100.64.${Math.floor(node.ordinal / 200)}.${(node.ordinal % 200) + 10}`,
      regionOf(node.ordinal),
      core.os,
      statusOf(state, active, core.maxConcurrent),
      rng.pick(AGENT_VERSIONS),
      current,
      current === null ? [] : AE_VERSIONS.filter((v) => v <= current),
      linux ? ['Remotion'] : rng.bool(0.3) ? ['AfterEffects', 'Remotion'] : ['AfterEffects'],
      core.ramGb,
      core.cpuCores,
      core.gpu,
      core.gpuVramGb,
      core.cacheCapacityGb,
      fixed(core.cacheCapacityGb * (0.3 + rng.next() * 0.6), 2),
      core.maxConcurrent,
      active,
      rng.pick([50, 100, 100, 150]),
      hex(rng, 64),
      enterprise && node.ordinal === plan.nodes.length - 1 && plan.nodes.length > 3 ? enterprise.id : null,
      nodeTags(linux ? null : current),
      state !== 'Maintenance' && state !== 'Offline',
      story.lastHeartbeatAt,
      story.onlineSince,
      story.drainRequestedAt,
      story.consecutiveCrashes,
      rng.int(200_000, 9_000_000),
      json({
        datacenter: DATACENTERS[node.ordinal % DATACENTERS.length],
        rack: `R${(node.ordinal % 4) + 1}`,
        provisioned_by: 'ansible',
      }),
      story.createdAt,
      story.lastHeartbeatAt,
    ];
  }
}

export const healthLogsTable = loadTable('render.node_health_logs', [
  'id',
  'recorded_at',
  'node_id',
  'status',
  'cpu_percent',
  'ram_used_gb',
  'disk_free_gb',
  'gpu_percent',
  'gpu_mem_used_gb',
  'ae_process_count',
  'active_frame_jobs',
  'cache_used_gb',
  'rtt_ms',
  'extra',
]);

/**
 * render.node_health_logs: the node's heartbeats from its first to its last, thinned to under an
 * hour apart (domain/render-farm.ts healthLogTimes); each log's status is the story's at that
 * time, its load follows the activity of people rendering.
 */
export function* healthLogRows(ctx: NodeContext): Generator<Row> {
  const { node, plan } = ctx;
  const core = nodeCore(plan, node);
  const story = node.story;
  const times = healthLogTimes(story);
  const life = Math.max(1, story.lastHeartbeatAt - story.createdAt);
  for (let s = 0; s < times.length; s++) {
    const rng = ctx.stream('render.node_health_logs', s);
    const at = times[s]!;
    const state = stateAt(story, at);
    const jobs = activeFrameJobs(core, state, at, plan.nowMs, gaussian(rng));
    const load = jobs / core.maxConcurrent;
    const working = state === 'Up' || state === 'Draining';
    const progressed = (at - story.createdAt) / life;
    yield [
      node.healthLogIdBase + s + 1,
      at,
      node.id,
      statusOf(state, jobs, core.maxConcurrent),
      fixed(clamp((working ? load * 90 : 3) + 5 + 4 * gaussian(rng), 1, 100), 2),
      fixed(core.ramGb * clamp(0.15 + 0.6 * load, 0.1, 0.95), 2),
      fixed(core.diskGb * (0.6 - 0.1 * progressed) + rng.next() * 5, 2),
      fixed(clamp(load * 95 + 3 * Math.abs(gaussian(rng)), 0, 100), 2),
      fixed(core.gpuVramGb * clamp(0.1 + 0.7 * load, 0.05, 0.98), 2),
      state === 'Crashed' ? 0 : jobs,
      jobs,
      fixed(core.cacheCapacityGb * (0.3 + 0.5 * progressed), 2),
      state === 'Crashed' || state === 'Offline' ? null : rng.int(1, 40),
      rng.bool(0.1) ? `{"gpu_temp_c":${rng.int(55, 83)},"fan_pct":${rng.int(30, 90)}}` : null,
    ];
  }
}

export const nodeCrashesTable = loadTable('render.node_crashes', [
  'id',
  'node_id',
  'crash_type',
  'detected_by',
  'exit_code',
  'error_message',
  'log_excerpt',
  'ae_version',
  'dump_url',
  'occurred_at',
  'auto_recovered',
  'recovery_action',
  'recovered_at',
  'frames_reassigned',
  'created_at',
]);

/** render.node_crashes: the crashes of the node's story, each with how and when it was recovered. */
export function* nodeCrashRows(ctx: NodeContext): Generator<Row> {
  const { node, plan } = ctx;
  const core = nodeCore(plan, node);
  for (const [i, crash] of node.story.crashes.entries()) {
    const rng = ctx.stream('render.node_crashes', i);
    const id = uuid(rng);
    const kind = crash.kind;
    yield [
      id,
      node.id,
      kind.type,
      kind.detectedBy,
      crash.exitCode,
      crash.exitCode === null ? kind.message : `${kind.message} (exit code ${crash.exitCode})`,
      `[${new Date(crash.occurredAt).toISOString()}] ${kind.message}`,
      core.aeVersion,
      kind.type === 'AeCrash' ? `minio://crash-dumps/${node.name}/${id}.dmp` : null,
      crash.occurredAt,
      crash.autoRecovered,
      crash.recoveryAction,
      crash.recoveredAt,
      crash.framesReassigned,
      crash.occurredAt + rng.int(1, 20) * SECOND,
    ];
  }
}

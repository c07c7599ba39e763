import { streamFor } from '../domain/random.js';
import type { Row } from './column-codec.js';
import { fixed, json } from './copy-text.js';
import { clamp, gaussian } from './draw.js';
import { hex } from './fast-format.js';
import type { LoadPlan, NodePlan } from './load-plan.js';
import { loadTable } from './load-table.js';
import type { NodeContext } from './tenant-context.js';
import { AE_VERSIONS, GPU_MODELS } from './vocabulary.js';

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
  readonly createdAt: number;
}

export function nodeCore(plan: LoadPlan, node: NodePlan): NodeCore {
  const rng = streamFor(plan.seed, `${node.key}|render.nodes|0`);
  const os = rng.weighted([
    ['Windows', 85],
    ['MacOs', 10],
    ['Linux', 5],
  ] as const);
  const gpu = os === 'MacOs' ? 'Apple M2 Ultra' : rng.pick(GPU_MODELS.slice(0, 4));
  return {
    plan: node,
    os,
    ramGb: rng.pick([64, 128, 128, 256]),
    cpuCores: rng.pick([16, 24, 32]),
    gpu,
    gpuVramGb: gpu.includes('4090') || gpu.includes('3090') ? 24 : gpu.includes('A5000') ? 24 : 16,
    cacheCapacityGb: rng.pick([250, 500, 1000]),
    maxConcurrent: rng.int(2, 4),
    diskGb: rng.pick([1000, 2000]),
    createdAt: plan.nowMs - rng.int(120, 700) * 86_400_000,
  };
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

/** render.nodes: the platform's render farm (no tenant); one node may be dedicated to the biggest Enterprise tenant. */
export function* nodeRows(plan: LoadPlan): Generator<Row> {
  const enterprise = plan.tenants.find((t) => t.kind === 'Enterprise');
  for (const node of plan.nodes) {
    const core = nodeCore(plan, node);
    const rng = streamFor(plan.seed, `${node.key}|render.nodes|1`);
    const linux = core.os === 'Linux';
    const current = rng.pick(AE_VERSIONS.slice(2));
    const busy = node.status === 'Busy';
    const onlineSince = node.lastHeartbeatAt - rng.int(1, 20) * 86_400_000;
    yield [
      node.id,
      node.name,
      `${node.name}.farm.flatrender.internal`,
      `10.20.${Math.floor(node.ordinal / 200)}.${(node.ordinal % 200) + 10}`,
      `100.64.${Math.floor(node.ordinal / 200)}.${(node.ordinal % 200) + 10}`,
      node.ordinal % 5 === 4 ? 'ir-mhd' : 'ir-thr',
      core.os,
      node.status,
      rng.pick(['2.7.4', '2.8.0', '2.8.3']),
      linux ? null : current,
      linux ? [] : AE_VERSIONS.filter((v) => v <= current),
      linux ? ['Remotion'] : rng.bool(0.3) ? ['AfterEffects', 'Remotion'] : ['AfterEffects'],
      core.ramGb,
      core.cpuCores,
      core.gpu,
      core.gpuVramGb,
      core.cacheCapacityGb,
      fixed(core.cacheCapacityGb * (0.3 + rng.next() * 0.6), 2),
      core.maxConcurrent,
      busy ? core.maxConcurrent : node.status === 'Online' ? rng.int(0, core.maxConcurrent - 1) : 0,
      rng.pick([50, 100, 100, 150]),
      hex(rng, 64),
      enterprise && node.ordinal === plan.nodes.length - 1 && plan.nodes.length > 3 ? enterprise.id : null,
      linux ? ['remotion', 'cpu'] : ['gpu', `ae${current.split('.')[0]}`],
      node.status !== 'Maintenance',
      node.lastHeartbeatAt,
      node.status === 'Offline' || node.status === 'Crashed' ? null : onlineSince,
      node.status === 'Draining' ? node.lastHeartbeatAt - rng.int(60, 3_600) * 1000 : null,
      node.status === 'Crashed' ? rng.int(2, 4) : 0,
      rng.int(200_000, 9_000_000),
      json({ rack: `R${(node.ordinal % 4) + 1}`, provisioned_by: 'ansible' }),
      core.createdAt,
      node.lastHeartbeatAt,
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

const TEHRAN_HOUR = (ms: number) => (((ms / 3_600_000 + 3.5) % 24) + 24) % 24;

/** render.node_health_logs: a sample every 5 minutes; load follows the Tehran working day. */
export function* healthLogRows(ctx: NodeContext): Generator<Row> {
  const { node } = ctx;
  const core = nodeCore(ctx.plan, node);
  for (let s = 0; s < node.healthLogs; s++) {
    const rng = ctx.stream('render.node_health_logs', s);
    const at = node.firstSampleAt + s * node.intervalMs + rng.int(0, 2_000);
    const hour = TEHRAN_HOUR(at);
    const daily = 0.45 + 0.35 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
    const load = clamp(daily + 0.15 * gaussian(rng), 0.02, 1);
    const jobs = Math.round(load * core.maxConcurrent);
    const progressed = s / node.healthLogs;
    yield [
      node.healthLogIdBase + s + 1,
      at,
      node.id,
      jobs >= core.maxConcurrent ? 'Busy' : 'Online',
      fixed(clamp(load * 100 + 5 * gaussian(rng), 1, 100), 2),
      fixed(core.ramGb * clamp(0.2 + 0.6 * load, 0.1, 0.95), 2),
      fixed(core.diskGb * (0.6 - 0.1 * progressed) + rng.next() * 5, 2),
      fixed(clamp(load * 95 + 4 * gaussian(rng), 0, 100), 2),
      fixed(core.gpuVramGb * clamp(0.15 + 0.7 * load, 0.05, 0.98), 2),
      jobs,
      jobs,
      fixed(core.cacheCapacityGb * (0.3 + 0.5 * progressed), 2),
      rng.int(1, 40),
      rng.bool(0.1) ? json({ gpu_temp_c: rng.int(55, 83), fan_pct: rng.int(30, 90) }) : null,
    ];
  }
}

import { intensity } from './activity.js';
import { DAY, HOUR, MINUTE, SECOND, tehranDay, tehranDayStart } from './calendar.js';
import type { Random } from './random.js';

/**
 * A render node's life, from `created_at` to its last heartbeat: what state it was in when, its
 * crashes and how each was recovered, and the health log that records it. Both engines draw a
 * node's story once (drawNodeStory) and read everything from it: the node row's current status,
 * `render.node_crashes`, and `render.node_health_logs`.
 *
 * The story is a list of segments, each a state over [from, to):
 * - Provisioning: the first minutes after the machine was added;
 * - Up: serving frames; its status is Online, or Busy while every slot is taken (upStatus);
 * - Maintenance: a planned window, at night (Tehran 02:00–06:00), every few weeks;
 * - Crashed: from a crash until its recovery (or for ever, for a node that is down now);
 * - Draining: finishing its frames before it is taken out (the end of a node being retired);
 * - Offline: retired; no heartbeat after it went offline.
 *
 * Health logs are the heartbeat series (every HEARTBEAT_INTERVAL_MS) thinned to one log in
 * HEALTH_LOG_EVERY heartbeats, never more than an hour apart, from the first heartbeat (within
 * minutes of `created_at`) to the last one (`last_heartbeat_at`), plus one log at the first
 * heartbeat of each segment, so a crash is followed within a heartbeat by a 'Crashed' log. Each
 * log's status is the story's status at that time: 'Crashed' logs lie only inside crash windows
 * [occurred_at, recovered_at or for ever).
 */

export type NodeStatus =
  | 'Provisioning'
  | 'Online'
  | 'Busy'
  | 'Draining'
  | 'Offline'
  | 'Maintenance'
  | 'Crashed';
export type NodeState = 'Provisioning' | 'Up' | 'Maintenance' | 'Crashed' | 'Draining' | 'Offline';

/** The farm's regions: most nodes are in Tehran, one in five in Mashhad. */
export const REGIONS = ['ir-thr', 'ir-mhd'] as const;

/** The region of the node with this ordinal (0-based). */
export function regionOf(ordinal: number): (typeof REGIONS)[number] {
  return ordinal % 5 === 4 ? REGIONS[1] : REGIONS[0];
}

/**
 * A node's scheduling tags: GPU nodes with After Effects carry its major version ('ae-25');
 * Remotion-only nodes render on CPU; a node dedicated to one tenant says so.
 */
export function nodeTags(aeVersion: string | null | undefined, dedicated = false): string[] {
  const tags = aeVersion ? ['gpu', `ae-${aeVersion.split('.')[0]}`] : ['remotion', 'cpu'];
  return dedicated ? [...tags, 'dedicated'] : tags;
}

/** How often a node agent sends a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 30 * SECOND;

/** Heartbeats per stored health log: one in 110 (55 minutes), so logs are never an hour apart. */
export const HEALTH_LOG_EVERY = 110;

/** The widest gap allowed between two health logs of a node. */
export const HEALTH_LOG_MAX_GAP_MS = HOUR;

/** How old seeded nodes are, in days (inside the domain's HISTORY_DAYS). */
export const NODE_AGE_DAYS: readonly [min: number, max: number] = [60, 400];

/** The GPUs of the farm's Windows nodes and their memory in GB (Mac nodes have Apple silicon). */
export const GPU_MODELS: readonly (readonly [model: string, vramGb: number])[] = [
  ['NVIDIA GeForce RTX 4090', 24],
  ['NVIDIA GeForce RTX 4080', 16],
  ['NVIDIA RTX A5000', 24],
  ['NVIDIA GeForce RTX 3090', 24],
];

/** After Effects releases the farm runs, oldest first; a node renders with any it has installed. */
export const AE_VERSIONS: readonly string[] = ['24.6', '25.0', '25.1', '25.2', '25.3', '26.0'];

/** The oldest After Effects a template may ask for (`ae_min_version`): releases every node has. */
export const AE_MIN_VERSIONS: readonly string[] = AE_VERSIONS.slice(0, 3);

/** Releases of the node agent in service. */
export const AGENT_VERSIONS: readonly string[] = ['2.7.4', '2.8.0', '2.8.3'];

export type CrashType =
  | 'AeCrash'
  | 'AeHang'
  | 'OutOfMemory'
  | 'DiskFull'
  | 'AgentCrash'
  | 'NetworkLost'
  | 'Timeout'
  | 'Unknown';
export type CrashDetectedBy = 'Agent' | 'Watchdog' | 'Orchestrator';
export type RecoveryAction = 'None' | 'AeRestarted' | 'WorkReassigned' | 'NodeDrained' | 'ManualRequired';

/** How each kind of crash shows itself and is dealt with. */
export interface CrashKind {
  readonly type: CrashType;
  readonly weight: number;
  readonly detectedBy: CrashDetectedBy;
  readonly exitCodes: readonly (number | null)[];
  readonly message: string;
  /** What the farm does: restarting aerender or reassigning frames recovers on its own; the rest need a person. */
  readonly recovery: RecoveryAction;
  /** How long it stays down, [min, max] ms. */
  readonly downMs: readonly [number, number];
}

export const CRASH_KINDS: readonly CrashKind[] = [
  {
    type: 'AeCrash',
    weight: 40,
    detectedBy: 'Agent',
    // Windows NTSTATUS codes as a signed INT (0xC0000005 access violation, 0xC0000409 stack overrun).
    exitCodes: [-1073741819, -1073740791],
    message: 'aerender exited unexpectedly (access violation)',
    recovery: 'AeRestarted',
    downMs: [1 * MINUTE, 6 * MINUTE],
  },
  {
    type: 'AeHang',
    weight: 18,
    detectedBy: 'Watchdog',
    exitCodes: [null],
    message: 'aerender made no progress for 10 minutes; killed by the watchdog',
    recovery: 'AeRestarted',
    downMs: [2 * MINUTE, 12 * MINUTE],
  },
  {
    type: 'OutOfMemory',
    weight: 12,
    detectedBy: 'Agent',
    exitCodes: [137, -1073741571],
    message: 'GPU memory exhausted while rendering frames',
    recovery: 'WorkReassigned',
    downMs: [3 * MINUTE, 20 * MINUTE],
  },
  {
    type: 'AgentCrash',
    weight: 8,
    detectedBy: 'Watchdog',
    exitCodes: [1],
    message: 'node agent stopped (unhandled exception); restarted by the service manager',
    recovery: 'WorkReassigned',
    downMs: [2 * MINUTE, 10 * MINUTE],
  },
  {
    type: 'NetworkLost',
    weight: 10,
    detectedBy: 'Orchestrator',
    exitCodes: [null],
    message: 'no heartbeat for 90 s; frames reassigned',
    recovery: 'WorkReassigned',
    downMs: [5 * MINUTE, 45 * MINUTE],
  },
  {
    type: 'Timeout',
    weight: 5,
    detectedBy: 'Orchestrator',
    exitCodes: [null],
    message: 'frame chunk exceeded its time limit three times',
    recovery: 'WorkReassigned',
    downMs: [3 * MINUTE, 15 * MINUTE],
  },
  {
    type: 'DiskFull',
    weight: 4,
    detectedBy: 'Agent',
    exitCodes: [28],
    message: 'No space left on device while writing frames',
    recovery: 'ManualRequired',
    downMs: [1 * HOUR, 8 * HOUR],
  },
  {
    type: 'Unknown',
    weight: 3,
    detectedBy: 'Orchestrator',
    exitCodes: [null],
    message: 'node stopped responding; needs inspection',
    recovery: 'ManualRequired',
    downMs: [2 * HOUR, 12 * HOUR],
  },
];

/** One crash of a node and how it ended. */
export interface Crash {
  readonly occurredAt: number;
  readonly kind: CrashKind;
  readonly exitCode: number | null;
  /** When it was serving again; null: it is still down. */
  readonly recoveredAt: number | null;
  readonly recoveryAction: RecoveryAction;
  /** Recovered without a person: aerender restarted or frames reassigned by the farm. */
  readonly autoRecovered: boolean;
  readonly framesReassigned: number;
}

export interface Segment {
  readonly state: NodeState;
  readonly from: number;
  /** Exclusive; Infinity for the last state of a node that stopped reporting in it. */
  readonly to: number;
}

export interface NodeStory {
  readonly createdAt: number;
  /** The last heartbeat: health logs end here. */
  readonly lastHeartbeatAt: number;
  /** The state it is in now (the node row's status, with upStatus for Up). */
  readonly finalState: NodeState;
  readonly segments: readonly Segment[];
  readonly crashes: readonly Crash[];
  /** Start of the current run of Up (null when it is not up or draining now). */
  readonly onlineSince: number | null;
  readonly drainRequestedAt: number | null;
  /** Crashes since it was last up (the node row's consecutive_crashes). */
  readonly consecutiveCrashes: number;
}

export type FinalState = 'Up' | 'Draining' | 'Offline' | 'Maintenance' | 'Crashed' | 'Provisioning';

/** The final state of a node whose row shows `status` now (Online and Busy are both Up). */
export function finalStateOf(status: NodeStatus): FinalState {
  return status === 'Online' || status === 'Busy' ? 'Up' : status;
}

/** How often a node is found in each state now. */
export const FINAL_STATE_WEIGHTS: readonly (readonly [FinalState, number])[] = [
  ['Up', 84],
  ['Draining', 4],
  ['Offline', 6],
  ['Maintenance', 5],
  ['Crashed', 1],
];

export interface DrawNodeOptions {
  readonly createdAt: number;
  /** The reference time: the story ends before it. */
  readonly now: number;
  /** The state the node is in now (drawn from FINAL_STATE_WEIGHTS when absent). */
  readonly finalState?: FinalState;
  /** Mean days between crashes (default 25). */
  readonly meanDaysBetweenCrashes?: number;
}

const MEAN_DAYS_BETWEEN_CRASHES = 25;
const MAINTENANCE_EVERY_DAYS: readonly [number, number] = [25, 70];

/** The next 02:00–03:00 Tehran after `ms` (maintenance windows start at night). */
function nightAfter(rng: Random, ms: number): number {
  const start = tehranDayStart(tehranDay(ms) + 1) + 2 * HOUR;
  return start + rng.int(0, 59) * MINUTE;
}

/**
 * Draws a node's story from its stream. Pure: the same stream and options give the same story.
 * Everything about the node is then read from it: the row (status, last_heartbeat_at,
 * online_since, drain_requested_at, consecutive_crashes, is_enabled), one node_crashes row per
 * crash, and one health log per healthLogTimes() entry with its stateAt() status.
 *
 * @example
 * const story = drawNodeStory(rng, { createdAt: now - 200 * DAY, now, finalState: finalStateOf('Online') });
 * const status = statusOf(story.finalState, activeFrameJobs, maxConcurrent); // the row's status
 * for (const crash of story.crashes) insertCrash(crash); // occurred_at, recovered_at, recovery_action…
 * for (const at of healthLogTimes(story)) {
 *   const state = stateAt(story, at);
 *   const jobs = state === 'Up' ? Math.round(expectedLoad(at, now) * maxConcurrent) : 0;
 *   insertHealthLog(at, statusOf(state, jobs, maxConcurrent));
 * }
 */
export function drawNodeStory(rng: Random, o: DrawNodeOptions): NodeStory {
  const { createdAt, now } = o;
  const final = o.finalState ?? rng.weighted(FINAL_STATE_WEIGHTS);
  const meanCrashGap = (o.meanDaysBetweenCrashes ?? MEAN_DAYS_BETWEEN_CRASHES) * DAY;

  // When the story's history ends and its final stretch starts.
  let endOfHistory: number;
  let lastHeartbeatAt: number;
  const tail: Segment[] = [];
  let drainRequestedAt: number | null = null;
  const finalCrash: Crash[] = [];
  // Nodes are weeks old at least (NODE_AGE_DAYS): every final stretch fits in their life.
  const within = (min: number, max: number) => min + rng.next() * (max - min);
  switch (final) {
    case 'Provisioning': {
      // Just added: its agent reports while the machine is set up; no history yet.
      lastHeartbeatAt = Math.max(createdAt, now - rng.int(1, 15) * SECOND);
      const segments: Segment[] = [{ state: 'Provisioning', from: createdAt, to: Number.POSITIVE_INFINITY }];
      return {
        createdAt,
        lastHeartbeatAt,
        finalState: 'Provisioning',
        segments,
        crashes: [],
        onlineSince: null,
        drainRequestedAt: null,
        consecutiveCrashes: 0,
      };
    }
    case 'Up':
      lastHeartbeatAt = now - rng.int(1, 15) * SECOND;
      endOfHistory = lastHeartbeatAt;
      break;
    case 'Draining': {
      lastHeartbeatAt = now - rng.int(1, 15) * SECOND;
      endOfHistory = Math.round(now - within(10 * MINUTE, 3 * HOUR));
      drainRequestedAt = endOfHistory;
      tail.push({ state: 'Draining', from: endOfHistory, to: Number.POSITIVE_INFINITY });
      break;
    }
    case 'Maintenance': {
      // Taken out of rotation for a longer job; its agent keeps reporting.
      lastHeartbeatAt = now - rng.int(1, 15) * SECOND;
      endOfHistory = Math.round(now - within(1 * HOUR, 48 * HOUR));
      tail.push({ state: 'Maintenance', from: endOfHistory, to: Number.POSITIVE_INFINITY });
      break;
    }
    case 'Offline': {
      // Retired: drained, then switched off; nothing reported since.
      const off = Math.round(now - within(2 * HOUR, 3 * DAY));
      endOfHistory = off - Math.round(within(10 * MINUTE, 60 * MINUTE));
      drainRequestedAt = endOfHistory;
      lastHeartbeatAt = off;
      tail.push({ state: 'Draining', from: endOfHistory, to: off });
      tail.push({ state: 'Offline', from: off, to: Number.POSITIVE_INFINITY });
      break;
    }
    case 'Crashed': {
      // Down since a crash nobody has fixed yet; the watchdog reported it once.
      const kind = rng.weighted(
        CRASH_KINDS.filter((k) => k.recovery === 'ManualRequired').map((k) => [k, k.weight] as const),
      );
      endOfHistory = Math.round(now - within(2 * HOUR, 3 * DAY));
      lastHeartbeatAt = endOfHistory + HEARTBEAT_INTERVAL_MS;
      tail.push({ state: 'Crashed', from: endOfHistory, to: Number.POSITIVE_INFINITY });
      finalCrash.push({
        occurredAt: endOfHistory,
        kind,
        exitCode: rng.pick(kind.exitCodes),
        recoveredAt: null,
        recoveryAction: 'ManualRequired',
        autoRecovered: false,
        framesReassigned: rng.int(0, 400),
      });
      break;
    }
  }

  // History: provisioning, then up, interrupted by crashes and maintenance windows.
  const segments: Segment[] = [];
  const crashes: Crash[] = [];
  const provisioned = createdAt + rng.int(5, 40) * MINUTE;
  segments.push({ state: 'Provisioning', from: createdAt, to: Math.min(provisioned, endOfHistory) });
  let t = Math.min(provisioned, endOfHistory);
  let nextCrash = t + Math.round(-Math.log(1 - rng.next()) * meanCrashGap);
  let nextMaintenance = nightAfter(
    rng,
    t + rng.int(MAINTENANCE_EVERY_DAYS[0], MAINTENANCE_EVERY_DAYS[1]) * DAY,
  );
  // A gap of an hour before the final stretch keeps its first log clear of the last event.
  const limit = endOfHistory - HOUR;
  for (;;) {
    const crashFirst = nextCrash <= nextMaintenance;
    const at = crashFirst ? nextCrash : nextMaintenance;
    if (at >= limit) break;
    if (crashFirst) {
      const kind = rng.weighted(CRASH_KINDS.map((k) => [k, k.weight] as const));
      const down = rng.int(kind.downMs[0], kind.downMs[1]);
      const end = Math.min(at + down, limit);
      if (end - at < 2 * HEARTBEAT_INTERVAL_MS) break;
      segments.push({ state: 'Up', from: t, to: at });
      segments.push({ state: 'Crashed', from: at, to: end });
      crashes.push({
        occurredAt: at,
        kind,
        exitCode: rng.pick(kind.exitCodes),
        recoveredAt: end,
        recoveryAction: kind.recovery,
        autoRecovered: kind.recovery === 'AeRestarted' || kind.recovery === 'WorkReassigned',
        framesReassigned: kind.recovery === 'WorkReassigned' ? rng.int(30, 900) : 0,
      });
      t = end;
      nextCrash = t + Math.round(-Math.log(1 - rng.next()) * meanCrashGap);
    } else {
      const end = Math.min(at + rng.int(60, 240) * MINUTE, limit);
      if (end - at < 2 * HEARTBEAT_INTERVAL_MS) break;
      segments.push({ state: 'Up', from: t, to: at });
      segments.push({ state: 'Maintenance', from: at, to: end });
      t = end;
      nextMaintenance = nightAfter(
        rng,
        t + rng.int(MAINTENANCE_EVERY_DAYS[0], MAINTENANCE_EVERY_DAYS[1]) * DAY,
      );
      // A crash due inside the window happens after it.
      if (nextCrash < t) nextCrash = t + Math.round(-Math.log(1 - rng.next()) * meanCrashGap);
    }
  }
  if (final === 'Up') segments.push({ state: 'Up', from: t, to: Number.POSITIVE_INFINITY });
  else if (endOfHistory > t) segments.push({ state: 'Up', from: t, to: endOfHistory });
  segments.push(...tail);
  crashes.push(...finalCrash);

  const lastUp = [...segments].reverse().find((s) => s.state === 'Up');
  return {
    createdAt,
    lastHeartbeatAt,
    finalState: segments.at(-1)!.state,
    segments: segments.filter((s) => s.to > s.from),
    crashes,
    onlineSince: (final === 'Up' || final === 'Draining') && lastUp ? lastUp.from : null,
    drainRequestedAt,
    consecutiveCrashes: final === 'Crashed' ? 1 : 0,
  };
}

/** The state of the node at `ms` (Provisioning before it existed; its last state after). */
export function stateAt(story: NodeStory, ms: number): NodeState {
  const segments = story.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (segments[mid]!.from <= ms) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!.state;
}

/** The status an Up node reports: Busy while every one of its slots has a frame chunk. */
export function upStatus(activeFrameJobs: number, maxConcurrent: number): 'Online' | 'Busy' {
  return activeFrameJobs >= maxConcurrent ? 'Busy' : 'Online';
}

/** The status a node reports in a state, given its active frame jobs then. */
export function statusOf(state: NodeState, activeFrameJobs: number, maxConcurrent: number): NodeStatus {
  return state === 'Up' ? upStatus(activeFrameJobs, maxConcurrent) : state;
}

/** The expected share (0–1) of a node's slots in use at `ms`: the activity of people rendering. */
export function expectedLoad(ms: number, now: number): number {
  // 1.07 is about the busiest hour of a working day; run-ups push the farm to saturation.
  return Math.min(1, intensity(ms, now, 'people') / 1.07);
}

/**
 * The times of a node's health logs, ascending: the first heartbeat, then every
 * HEALTH_LOG_EVERY-th heartbeat, plus the first heartbeat of each later segment, and the last
 * heartbeat. No two consecutive logs are more than HEALTH_LOG_MAX_GAP_MS apart.
 */
export function healthLogTimes(story: NodeStory): number[] {
  const step = HEARTBEAT_INTERVAL_MS * HEALTH_LOG_EVERY;
  const first = story.createdAt + HEARTBEAT_INTERVAL_MS;
  const end = story.lastHeartbeatAt;
  const events: number[] = [];
  for (const segment of story.segments.slice(1)) {
    const at = segment.from + HEARTBEAT_INTERVAL_MS;
    if (at < end) events.push(at);
  }
  const out: number[] = [];
  let e = 0;
  const push = (at: number) => {
    if (out.length === 0 || at > out[out.length - 1]!) out.push(at);
  };
  for (let at = first; at < end; at += step) {
    while (e < events.length && events[e]! <= at) push(events[e++]!);
    push(at);
  }
  while (e < events.length) push(events[e++]!);
  push(Math.max(first, end));
  return out;
}

/** How many health logs a story has (healthLogTimes(story).length, without the array). */
export function healthLogCount(story: NodeStory): number {
  return healthLogTimes(story).length;
}

import { describe, expect, it } from 'vitest';
import { DAY, HOUR, tehranHour } from '../../../src/domain/calendar.js';
import { streamFor } from '../../../src/domain/random.js';
import {
  drawNodeStory,
  type FinalState,
  finalStateOf,
  HEALTH_LOG_MAX_GAP_MS,
  healthLogCount,
  healthLogTimes,
  type NodeStory,
  stateAt,
  statusOf,
  upStatus,
} from '../../../src/domain/render-farm.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');

function stories(final?: FinalState, count = 40): NodeStory[] {
  return Array.from({ length: count }, (_, i) => {
    const rng = streamFor(i, `node|${final ?? 'any'}`);
    const createdAt = NOW - rng.int(60, 400) * DAY;
    return drawNodeStory(rng, { createdAt, now: NOW, ...(final ? { finalState: final } : {}) });
  });
}

const FINALS: FinalState[] = ['Up', 'Draining', 'Offline', 'Maintenance', 'Crashed'];

describe('drawNodeStory', () => {
  it('is a pure function of the stream and the options', () => {
    const a = drawNodeStory(streamFor(1, 'n'), { createdAt: NOW - 100 * DAY, now: NOW });
    const b = drawNodeStory(streamFor(1, 'n'), { createdAt: NOW - 100 * DAY, now: NOW });
    expect(b).toEqual(a);
  });

  it('tiles the node life with segments in order, from created_at, starting with Provisioning', () => {
    for (const story of stories()) {
      expect(story.segments[0]).toMatchObject({ state: 'Provisioning', from: story.createdAt });
      for (let i = 1; i < story.segments.length; i++) {
        expect(story.segments[i]!.from).toBe(story.segments[i - 1]!.to);
        expect(story.segments[i]!.to).toBeGreaterThan(story.segments[i]!.from);
      }
      expect(story.segments.at(-1)!.to).toBe(Number.POSITIVE_INFINITY);
      expect(story.lastHeartbeatAt).toBeLessThan(NOW);
    }
  });

  it('ends in the final state asked for, with the heartbeat that state implies', () => {
    for (const final of FINALS) {
      for (const story of stories(final, 10)) {
        expect(story.finalState).toBe(final);
        expect(stateAt(story, NOW)).toBe(final);
        const silent = final === 'Offline' || final === 'Crashed';
        if (silent) expect(NOW - story.lastHeartbeatAt).toBeGreaterThan(HOUR);
        else expect(NOW - story.lastHeartbeatAt).toBeLessThan(60_000);
        expect(story.onlineSince !== null).toBe(final === 'Up' || final === 'Draining');
        expect(story.drainRequestedAt !== null).toBe(final === 'Draining' || final === 'Offline');
      }
    }
  });

  it('has crashes whose windows are exactly its Crashed segments, recovered ones back to Up', () => {
    let crashes = 0;
    let recovered = 0;
    for (const story of stories()) {
      const windows = story.segments.filter((s) => s.state === 'Crashed');
      expect(windows.map((w) => w.from)).toEqual(story.crashes.map((c) => c.occurredAt));
      for (const [i, crash] of story.crashes.entries()) {
        crashes++;
        expect(windows[i]!.to).toBe(crash.recoveredAt ?? Number.POSITIVE_INFINITY);
        if (crash.recoveredAt !== null) {
          recovered++;
          expect(stateAt(story, crash.recoveredAt)).toBe('Up');
          expect(crash.autoRecovered).toBe(crash.recoveryAction !== 'ManualRequired');
        } else {
          expect(story.finalState).toBe('Crashed');
          expect(crash.autoRecovered).toBe(false);
        }
        // A node that crashed was up before.
        expect(stateAt(story, crash.occurredAt - 1)).toBe('Up');
      }
    }
    expect(crashes).toBeGreaterThan(20);
    expect(recovered).toBeGreaterThan(crashes / 2);
  });

  it('puts maintenance windows at night in Tehran', () => {
    let windows = 0;
    for (const story of stories()) {
      for (const s of story.segments) {
        if (s.state !== 'Maintenance' || s.to === Number.POSITIVE_INFINITY) continue;
        windows++;
        expect(tehranHour(s.from)).toBeGreaterThanOrEqual(2);
        expect(tehranHour(s.from)).toBeLessThan(3);
      }
    }
    expect(windows).toBeGreaterThan(20);
  });
});

describe('healthLogTimes', () => {
  it('runs from within an hour of created_at to the last heartbeat, never more than an hour apart', () => {
    for (const story of stories()) {
      const times = healthLogTimes(story);
      expect(times.length).toBe(healthLogCount(story));
      expect(times[0]! - story.createdAt).toBeLessThanOrEqual(HEALTH_LOG_MAX_GAP_MS);
      expect(times.at(-1)).toBe(story.lastHeartbeatAt);
      let minGap = Number.POSITIVE_INFINITY;
      let maxGap = 0;
      for (let i = 1; i < times.length; i++) {
        minGap = Math.min(minGap, times[i]! - times[i - 1]!);
        maxGap = Math.max(maxGap, times[i]! - times[i - 1]!);
      }
      expect(minGap).toBeGreaterThan(0);
      expect(maxGap).toBeLessThanOrEqual(HEALTH_LOG_MAX_GAP_MS);
    }
  });

  it('follows every crash with a Crashed log within an hour, and logs Crashed only inside crash windows', () => {
    for (const story of stories()) {
      const times = healthLogTimes(story);
      for (const crash of story.crashes) {
        const next = times.find((t) => t >= crash.occurredAt)!;
        expect(next - crash.occurredAt).toBeLessThanOrEqual(HOUR);
        expect(stateAt(story, next)).toBe('Crashed');
      }
      const outside = times.filter(
        (t) =>
          stateAt(story, t) === 'Crashed' &&
          !story.crashes.some((c) => c.occurredAt <= t && t < (c.recoveredAt ?? Number.POSITIVE_INFINITY)),
      );
      expect(outside).toEqual([]);
    }
  });

  it('shows the story changing: a node logs more than one status over its life', () => {
    for (const story of stories('Offline', 5)) {
      const states = new Set(healthLogTimes(story).map((t) => stateAt(story, t)));
      expect(states).toContain('Provisioning');
      expect(states).toContain('Up');
      expect(states).toContain('Draining');
      expect(states).toContain('Offline');
    }
  });
});

describe('a node being provisioned', () => {
  it('has no history yet: one Provisioning segment, reporting up to now', () => {
    const createdAt = NOW - 3 * HOUR;
    const story = drawNodeStory(streamFor(5, 'new'), { createdAt, now: NOW, finalState: 'Provisioning' });
    expect(story.segments).toEqual([
      { state: 'Provisioning', from: createdAt, to: Number.POSITIVE_INFINITY },
    ]);
    expect(NOW - story.lastHeartbeatAt).toBeLessThan(60_000);
    const times = healthLogTimes(story);
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect(times.every((t) => stateAt(story, t) === 'Provisioning')).toBe(true);
  });

  it('maps a row status to the final state of its story', () => {
    expect(finalStateOf('Online')).toBe('Up');
    expect(finalStateOf('Busy')).toBe('Up');
    expect(finalStateOf('Crashed')).toBe('Crashed');
    expect(finalStateOf('Provisioning')).toBe('Provisioning');
  });
});

describe('statusOf', () => {
  it('reports Busy only while every slot is taken, and other states as they are', () => {
    expect(upStatus(3, 3)).toBe('Busy');
    expect(upStatus(2, 3)).toBe('Online');
    expect(statusOf('Up', 0, 2)).toBe('Online');
    expect(statusOf('Crashed', 2, 2)).toBe('Crashed');
    expect(statusOf('Maintenance', 0, 2)).toBe('Maintenance');
  });
});

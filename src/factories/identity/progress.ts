import { JOB_EVENT_TYPES } from '../../domain/reseller-api.js';
import type { RowOf } from '../../schema/table-meta.js';
import { type BuildTools, defineFactory } from '../core/factory.js';
import { between, DAY, earliest, HOUR, isoDate, latest, MINUTE, plusMs, toDate } from './billing-support.js';
import { xpForLevel } from './gamification.js';

type Period = NonNullable<RowOf<'identity.quests'>['period']>;

/** ISO-8601 week of a time (UTC), as in period keys: `2026-W23`. */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
  const week = Math.ceil(((day.getTime() - Date.UTC(day.getUTCFullYear(), 0, 1)) / DAY + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * The period instance a progress row counts: the current one for the run's first row, one period
 * further back for each later row, so (user, quest, period_key) stays unique.
 */
function periodOf(period: Period, back: number, now: Date): { key: string; start?: Date; end: Date } {
  if (period === 'Once') return { key: 'once', end: now };
  if (period === 'Monthly') {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    return { key: start.toISOString().slice(0, 7), start, end: earliest(now, next) };
  }
  const anchor = plusMs(now, -back * (period === 'Weekly' ? 7 : 1) * DAY);
  let start = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate()));
  if (period === 'Daily') return { key: isoDate(start), start, end: earliest(now, plusMs(start, DAY)) };
  start = plusMs(start, -(((start.getUTCDay() || 7) - 1) * DAY));
  return { key: isoWeek(anchor), start, end: earliest(now, plusMs(start, 7 * DAY)) };
}

type Stage = 'inProgress' | 'completed' | 'claimed';

function progressOf(
  stage: Stage,
  { n, rng, now, parent }: Pick<BuildTools<'identity.user_quest_progress'>, 'n' | 'rng' | 'now' | 'parent'>,
) {
  const quest = parent('identity.quests');
  const user = parent('identity.users');
  // Periods are taken an hour back, so the current one never starts exactly at the reference time.
  const window = periodOf(quest.period, n - 1, plusMs(now, -HOUR));
  const start =
    window.start ?? latest(toDate(user.created_at), toDate(quest.created_at), plusMs(now, -365 * DAY));
  const target = quest.target_count;
  if (stage === 'inProgress') {
    // completed_at / claimed_at are left to finalize, so an overridden progress_count still decides them.
    return {
      period_key: window.key,
      progress_count: target > 1 ? rng.int(1, target - 1) : 0,
      updated_at: between(rng, start, window.end),
    };
  }
  const completed = between(rng, start, window.end);
  const claimed =
    stage === 'claimed' ? between(rng, completed, earliest(now, plusMs(completed, 2 * DAY))) : null;
  return {
    period_key: window.key,
    progress_count: target,
    completed_at: completed,
    claimed_at: claimed,
    updated_at: claimed ?? completed,
  };
}

/** identity.user_quest_progress: the current user's progress on the current quest in one period. */
export const userQuestProgressFactory = defineFactory('identity.user_quest_progress', {
  parents: ['identity.users', 'identity.quests'],
  defaults: (tools) => {
    const stage = tools.rng.weighted<Stage>([
      ['inProgress', 50],
      ['completed', 25],
      ['claimed', 25],
    ]);
    return {
      user_id: tools.parent('identity.users').id,
      quest_id: tools.parent('identity.quests').id,
      ...progressOf(stage, tools),
    };
  },
  finalize: (row, { parent }) => {
    // Keeps completion coherent with an overridden progress_count.
    const quest = parent('identity.quests');
    if (quest.id !== row.quest_id) return {};
    const done = (row.progress_count ?? 0) >= quest.target_count;
    if (!done) return { completed_at: null, claimed_at: null };
    return row.completed_at ? {} : { completed_at: toDate(row.updated_at) ?? null };
  },
  traits: {
    inProgress: (t) => progressOf('inProgress', t),
    completed: (t) => progressOf('completed', t),
    claimed: (t) => progressOf('claimed', t),
  },
});

/** identity.user_xp: the current user's XP, inside the band of the current level. */
export const userXpFactory = defineFactory('identity.user_xp', {
  parents: ['identity.users', 'identity.levels'],
  defaults: ({ parent, rng, now }) => {
    const user = parent('identity.users');
    const level = parent('identity.levels');
    const current = rng.int(0, 14);
    // A streak is alive when the last activity was today or yesterday.
    const last = plusMs(now, -(current > 0 ? rng.int(10, 36 * 60) : rng.int(2 * 1440, 40 * 1440)) * MINUTE);
    return {
      user_id: user.id,
      level_id: level.id,
      total_xp: rng.int(level.min_xp, xpForLevel(level.level_number + 1) - 1),
      current_streak_days: current,
      longest_streak_days: current + rng.int(0, 30),
      last_activity_date: isoDate(last),
      updated_at: last,
    };
  },
  traits: {
    onStreak: ({ rng, now }) => {
      const current = rng.int(7, 30);
      return {
        current_streak_days: current,
        longest_streak_days: current + rng.int(0, 20),
        last_activity_date: isoDate(now),
        updated_at: plusMs(now, -rng.int(1, 120) * 60_000),
      };
    },
    dormant: ({ rng, now }) => {
      const last = plusMs(now, -rng.int(30, 120) * DAY);
      return { current_streak_days: 0, last_activity_date: isoDate(last), updated_at: last };
    },
    // Signed up, never earned XP: no level yet.
    newcomer: ({ parent, now }) => ({
      total_xp: 0,
      level_id: null,
      current_streak_days: 0,
      longest_streak_days: 0,
      last_activity_date: null,
      updated_at: toDate(parent('identity.users').created_at) ?? now,
    }),
  },
});

/** XP per routing key. */
const XP_EVENTS = {
  [JOB_EVENT_TYPES.Completed]: 50,
  'studio.project.saved.v1': 10,
  'identity.user.registered.v1': 20,
  'identity.user.email_verified.v1': 30,
} as const;

type XpEvent = keyof typeof XP_EVENTS;

/** An award for an event about the user itself (registration, verification): source_id is the user. */
function selfEvent(event: XpEvent, user: RowOf<'identity.users'>, at: Date | undefined) {
  return { source_event: event, source_id: user.id, xp: XP_EVENTS[event], ...(at ? { created_at: at } : {}) };
}

/** identity.xp_events: XP the current user earned for one event; renders and saves by default. */
export const xpEventFactory = defineFactory('identity.xp_events', {
  parents: ['identity.users'],
  defaults: ({ parent, rng, now }) => {
    const user = parent('identity.users');
    const event = rng.weighted<XpEvent>([
      [JOB_EVENT_TYPES.Completed, 60],
      ['studio.project.saved.v1', 40],
    ]);
    return {
      user_id: user.id,
      source_event: event,
      // The render job or saved project the event was about (a soft reference).
      source_id: rng.uuid(),
      xp: XP_EVENTS[event],
      created_at: between(rng, latest(toDate(user.created_at), plusMs(now, -90 * DAY)), now),
    };
  },
  traits: {
    renderCompleted: (_t) => ({ source_event: JOB_EVENT_TYPES.Completed, xp: 50 }),
    projectSaved: (_t) => ({ source_event: 'studio.project.saved.v1', xp: 10 }),
    registered: ({ parent }) => {
      const user = parent('identity.users');
      const at = toDate(user.created_at);
      return selfEvent('identity.user.registered.v1', user, at && plusMs(at, 1_000));
    },
    emailVerified: ({ parent }) => {
      const user = parent('identity.users');
      return selfEvent('identity.user.email_verified.v1', user, toDate(user.email_verified_at));
    },
  },
});

import { DAY, MINUTE, SECOND, tehranDate, tehranDay } from '../../domain/calendar.js';
import { isoWeek } from '../../factories/identity/progress.js';
import type { RowOf } from '../../schema/table-meta.js';
import type { Timeline } from './timeline.js';
import { type DemoTenant, makeCurrent, userOf } from './world.js';

/** FlatRender's rewards: gifts, levels and quests. */
export interface Rewards {
  readonly seconds: RowOf<'identity.gifts'>;
  readonly credit: RowOf<'identity.gifts'>;
  readonly levels: readonly RowOf<'identity.levels'>[];
  readonly firstRender: RowOf<'identity.quests'>;
  readonly dailySave: RowOf<'identity.quests'>;
  readonly weekly: RowOf<'identity.quests'>;
  readonly monthly: RowOf<'identity.quests'>;
}

/** XP per event (the quests' routing keys; gamification.ts of the factories gives the same). */
const XP = { registered: 20, saved: 10, rendered: 50 } as const;

/**
 * FlatRender's reward catalogue, set up before the year shown: render-minute, wallet-credit and
 * badge gifts, seven levels (some rewarded), and the first-render, daily, weekly and monthly quests.
 */
export async function makeRewardCatalogue(fr: DemoTenant, time: Timeline): Promise<Rewards> {
  const f = fr.f;
  const at = { created_at: new Date(time.now - 410 * DAY), updated_at: new Date(time.now - 410 * DAY) };
  const seconds = await f.gift.renderSeconds().create(at);
  const credit = await f.gift.walletCredit().create(at);
  const badge = await f.gift.badge().create(at);
  const levels: RowOf<'identity.levels'>[] = [];
  for (let level = 1; level <= 7; level++) {
    const reward = level === 3 ? seconds : level === 5 ? credit : level === 7 ? badge : null;
    levels.push(await f.level.create({ level_number: level, reward_gift_id: reward?.id ?? null, ...at }));
  }
  const g = f.use(seconds);
  return {
    seconds,
    credit,
    levels,
    firstRender: await g.quest.once().create({ gift_id: null, ...at }),
    dailySave: await g.quest.daily().create({ gift_id: null, ...at }),
    weekly: await g.quest.weekly().create({ gift_id: seconds.id, ...at }),
    monthly: await g.quest.monthly().create({ gift_id: credit.id, ...at }),
  };
}

/** A customer reaching a level (their LevelUp notification follows it). */
export interface LevelUp {
  readonly user: string;
  readonly level: RowOf<'identity.levels'>;
  readonly at: number;
}

interface XpEvent {
  readonly user: string;
  readonly kind: keyof typeof XP;
  readonly source: string;
  readonly at: number;
}

const ROUTING: Readonly<Record<keyof typeof XP, string>> = {
  registered: 'identity.user.registered.v1',
  saved: 'studio.project.saved.v1',
  rendered: 'render.job.completed.v1',
};

/** The longest run of consecutive days in a sorted list, and the run that ends at its last day. */
function streaks(days: readonly number[]): { longest: number; last: number } {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i]! === days[i - 1]! + 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  }
  return { longest, last: run };
}

/**
 * What FlatRender's customers earned by using the product: XP for signing up, saving projects
 * and completed renders (each event names its row), their XP total and level with streaks, quest
 * progress (the first render, this week's and month's renders, past weeks won), and gifts for
 * the quests and levels they completed (notified; claimed ones credited to the wallet).
 */
export async function makeProgress(fr: DemoTenant, rewards: Rewards, time: Timeline): Promise<LevelUp[]> {
  const db = fr.f.context.db;
  const rng = time.rng('progress');
  const people = new Map(fr.people.map((p) => [userOf(p).id, p]));
  const { rows: rendered } = await db.query<{ id: string; user_id: string; at: Date }>(
    `SELECT id, user_id, completed_at AS at FROM render.render_jobs
      WHERE tenant_id = $1 AND source = 'Web' AND status = 'Completed' ORDER BY completed_at, id`,
    [fr.row.id],
  );
  const { rows: saved } = await db.query<{ id: string; user_id: string; at: Date }>(
    'SELECT id, user_id, created_at AS at FROM studio.saved_projects WHERE tenant_id = $1 ORDER BY created_at, id',
    [fr.row.id],
  );
  const events: XpEvent[] = [];
  for (const person of fr.people) {
    events.push({
      user: userOf(person).id,
      kind: 'registered',
      source: userOf(person).id,
      at: person.signup + SECOND,
    });
  }
  for (const s of saved)
    if (people.has(s.user_id))
      events.push({ user: s.user_id, kind: 'saved', source: s.id, at: s.at.getTime() + SECOND });
  for (const j of rendered)
    if (people.has(j.user_id))
      events.push({ user: j.user_id, kind: 'rendered', source: j.id, at: j.at.getTime() + 2 * SECOND });
  events.sort((a, b) => a.at - b.at || (a.source < b.source ? -1 : 1));
  await fr.f.xpEvent.createList(events.length, (i) => {
    const e = events[i]!;
    return {
      user_id: e.user,
      source_event: ROUTING[e.kind],
      source_id: e.source,
      xp: XP[e.kind],
      created_at: new Date(e.at),
    };
  });

  // Totals, levels and streaks.
  const byUser = new Map<string, XpEvent[]>();
  for (const e of events) {
    const list = byUser.get(e.user);
    if (list) list.push(e);
    else byUser.set(e.user, [e]);
  }
  const xp: Record<string, unknown>[] = [];
  const levelUps: LevelUp[] = [];
  for (const [user, list] of byUser) {
    let total = 0;
    let level = rewards.levels[0]!;
    for (const e of list) {
      total += XP[e.kind];
      const reached = rewards.levels.filter((l) => l.min_xp <= total).at(-1)!;
      if (reached.level_number > level.level_number) {
        level = reached;
        levelUps.push({ user, level, at: e.at + 3 * SECOND });
      }
    }
    const days = [...new Set(list.map((e) => tehranDay(e.at)))].sort((a, b) => a - b);
    const { longest, last } = streaks(days);
    const lastAt = list.at(-1)!.at;
    const alive = tehranDay(lastAt) >= tehranDay(time.now) - 1;
    xp.push({
      user_id: user,
      level_id: level.id,
      total_xp: total,
      current_streak_days: alive ? last : 0,
      longest_streak_days: longest,
      last_activity_date: tehranDate(lastAt),
      updated_at: new Date(lastAt),
    });
  }
  await fr.f.userXp.createList(xp.length, (i) => xp[i]!);

  // Quests: the first render once; renders per week and month; a saved project a day this week.
  const progress: Record<string, unknown>[] = [];
  const done = (quest: RowOf<'identity.quests'>, user: string, key: string, at: number) => {
    const claimed = rng.bool(0.75) ? Math.min(time.now, at + rng.int(1, 48 * 60) * MINUTE) : null;
    progress.push({
      user_id: user,
      quest_id: quest.id,
      period_key: key,
      progress_count: quest.target_count,
      completed_at: new Date(at),
      claimed_at: claimed === null ? null : new Date(claimed),
      updated_at: new Date(claimed ?? at),
    });
  };
  const ongoing = (quest: RowOf<'identity.quests'>, user: string, key: string, count: number, at: number) =>
    progress.push({
      user_id: user,
      quest_id: quest.id,
      period_key: key,
      progress_count: count,
      completed_at: null,
      claimed_at: null,
      updated_at: new Date(at),
    });
  const won: { user: string; quest: RowOf<'identity.quests'>; at: number }[] = [];
  const thisWeek = isoWeek(new Date(time.now - 3_600_000));
  const thisMonth = new Date(time.now - 3_600_000).toISOString().slice(0, 7);
  for (const [user, list] of byUser) {
    const renders = list.filter((e) => e.kind === 'rendered');
    if (renders.length > 0) done(rewards.firstRender, user, 'once', renders[0]!.at + SECOND);
    for (const [quest, keyOf, current] of [
      [rewards.weekly, (ms: number) => isoWeek(new Date(ms)), thisWeek],
      [rewards.monthly, (ms: number) => new Date(ms).toISOString().slice(0, 7), thisMonth],
    ] as const) {
      const periods = new Map<string, number[]>();
      for (const e of renders) {
        const key = keyOf(e.at);
        const times = periods.get(key);
        if (times) times.push(e.at);
        else periods.set(key, [e.at]);
      }
      for (const [key, times] of periods) {
        if (times.length >= quest.target_count) {
          const at = times[quest.target_count - 1]! + SECOND;
          done(quest, user, key, at);
          won.push({ user, quest, at });
        } else if (key === current) ongoing(quest, user, key, times.length, times.at(-1)!);
      }
    }
    for (const e of list.filter((x) => x.kind === 'saved' && x.at > time.now - 7 * DAY)) {
      const key = new Date(e.at).toISOString().slice(0, 10);
      if (
        !progress.some(
          (p) => p.user_id === user && p.quest_id === rewards.dailySave.id && p.period_key === key,
        )
      ) {
        done(rewards.dailySave, user, key, e.at + SECOND);
      }
    }
  }
  await fr.f.userQuestProgress.createList(progress.length, (i) => progress[i]!);

  // Gifts for quests won and levels reached in the last four months, each notified.
  const recent = time.now - 120 * DAY;
  const gifts = [
    ...won
      .filter((w) => w.at > recent && w.quest.gift_id)
      .map((w) => ({ ...w, source: 'fromQuest' as const })),
    ...levelUps
      .filter((l) => l.at > recent && l.level.reward_gift_id)
      .map((l) => ({ user: l.user, level: l.level, at: l.at, source: 'levelUp' as const })),
  ].sort((a, b) => a.at - b.at);
  for (const g of gifts) {
    const giftId = 'quest' in g ? g.quest.gift_id! : g.level.reward_gift_id!;
    const gift = giftId === rewards.seconds.id ? rewards.seconds : rewards.credit;
    const earned = g.at + rng.int(5, 60) * SECOND;
    const age = time.now - earned;
    const status =
      age > 30 * DAY ? (rng.bool(0.85) ? 'claimed' : 'expired') : rng.bool(0.6) ? 'claimed' : 'pending';
    const user = people.get(g.user)?.row;
    if (!user) continue;
    const f = makeCurrent(fr, user, gift, ...('quest' in g ? [g.quest] : [g.level]));
    await f.earnedGift
      .trait(g.source)
      .trait(status)
      .notified()
      .create({ earned_at: new Date(earned) });
  }
  return levelUps;
}

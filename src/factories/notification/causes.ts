import { DAY, MINUTE } from '../../domain/calendar.js';
import { NOTIFICATION_CAUSES, REMINDER_DAYS, type Reach } from '../../domain/notifications.js';
import { EXPORT_RETENTION_DAYS } from '../../domain/render-job.js';
import type { NotificationNotificationType } from '../../schema/generated/tables.js';
import type { Queryable } from '../../sql/queryable.js';
import type { CreateTools } from '../core/factory.js';

/** The row a notification is about and when its event happened. */
export interface Cause {
  readonly key: string;
  readonly id: string;
  readonly at: Date;
}

const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);

/** A query returning (id, at) of the user's most recent row that can cause the notification. */
const FIND: Partial<Record<NotificationNotificationType, string>> = {
  RenderCompleted: `SELECT id, completed_at AS at FROM render.render_jobs WHERE user_id = $1 AND status = 'Completed' AND completed_at <= $2 ORDER BY completed_at DESC LIMIT 1`,
  RenderFailed: `SELECT id, failed_at AS at FROM render.render_jobs WHERE user_id = $1 AND status = 'Failed' AND failed_at <= $2 ORDER BY failed_at DESC LIMIT 1`,
  RenderProgress: `SELECT id, started_at AS at FROM render.render_jobs WHERE user_id = $1 AND status = 'Running' AND started_at <= $2 ORDER BY started_at DESC LIMIT 1`,
  PaymentSuccess: `SELECT id, paid_at AS at FROM identity.payments WHERE user_id = $1 AND status = 'Succeeded' AND paid_at <= $2 ORDER BY paid_at DESC LIMIT 1`,
  PaymentFailed: `SELECT id, failed_at AS at FROM identity.payments WHERE user_id = $1 AND status = 'Failed' AND failed_at <= $2 ORDER BY failed_at DESC LIMIT 1`,
  PlanExpired: `SELECT id, expires_at AS at FROM identity.user_plans WHERE user_id = $1 AND expires_at <= $2 ORDER BY expires_at DESC LIMIT 1`,
  ExportDeleted: `SELECT id, expires_at AS at FROM render.exports WHERE user_id = $1 AND expires_at <= $2 ORDER BY expires_at DESC LIMIT 1`,
  GiftEarned: `SELECT id, earned_at AS at FROM identity.earned_gifts WHERE user_id = $1 AND earned_at <= $2 AND notification_id IS NULL ORDER BY earned_at DESC LIMIT 1`,
  QuestCompleted: `SELECT quest_id AS id, completed_at AS at FROM identity.user_quest_progress WHERE user_id = $1 AND completed_at <= $2 ORDER BY completed_at DESC LIMIT 1`,
  PlanExpiring: `SELECT id, greatest(starts_at, expires_at - interval '${REMINDER_DAYS} days') AS at FROM identity.user_plans
                  WHERE user_id = $1 AND status = 'Active' AND expires_at > $2 AND expires_at <= $2 + interval '${REMINDER_DAYS} days'
                  ORDER BY expires_at LIMIT 1`,
  ExportExpiring: `SELECT id, greatest(created_at, expires_at - interval '${REMINDER_DAYS} days') AS at FROM render.exports
                    WHERE user_id = $1 AND expires_at > $2 AND expires_at <= $2 + interval '${REMINDER_DAYS} days'
                    ORDER BY expires_at LIMIT 1`,
};

/**
 * Finds (or makes) what a notification of `type` to `userId` reports, and when it happened: a
 * RenderCompleted notification follows a completed render of that user, a PlanExpiring one the
 * plan that runs out in a few days (domain/notifications.ts). Null for types nothing causes.
 */
export async function causeOf(
  type: NotificationNotificationType,
  userId: string,
  tenantId: string,
  tools: Pick<CreateTools, 'db' | 'create' | 'now'>,
): Promise<Cause | null> {
  const key = NOTIFICATION_CAUSES[type];
  if (!key) return null;
  const { db, create, now } = tools;
  const find = FIND[type];
  if (find) {
    const { rows } = await db.query<{ id: string; at: Date }>(find, [userId, now]);
    if (rows[0]) return { key, id: rows[0].id, at: rows[0].at };
  }
  const made = await makeCause(type, userId, tenantId, db, create, now);
  return made && { key, ...made };
}

async function makeCause(
  type: NotificationNotificationType,
  userId: string,
  tenantId: string,
  db: Queryable,
  create: CreateTools['create'],
  now: Date,
): Promise<{ id: string; at: Date } | null> {
  switch (type) {
    case 'RenderCompleted': {
      const job = await create('render.render_jobs', { user_id: userId }, ['completed']);
      return { id: job.id, at: job.completed_at! };
    }
    case 'RenderFailed': {
      const job = await create('render.render_jobs', { user_id: userId }, ['failed']);
      return { id: job.id, at: job.failed_at! };
    }
    case 'RenderProgress': {
      const job = await create('render.render_jobs', { user_id: userId }, ['running']);
      return { id: job.id, at: job.started_at! };
    }
    case 'PaymentSuccess': {
      const payment = await create('identity.payments', { user_id: userId, purpose: 'WalletTopUp' }, [
        'succeeded',
      ]);
      return { id: payment.id, at: payment.paid_at! };
    }
    case 'PaymentFailed': {
      const payment = await create('identity.payments', { user_id: userId }, ['failed']);
      return { id: payment.id, at: payment.failed_at! };
    }
    case 'PlanExpiring': {
      // An instance of a monthly plan that runs out in REMINDER_DAYS days.
      const plan = await create(
        'identity.user_plans',
        { user_id: userId, starts_at: ago(now, (30 - REMINDER_DAYS) * DAY) },
        ['active'],
      );
      const expires = plan.expires_at ?? new Date(now.getTime() + REMINDER_DAYS * DAY);
      return {
        id: plan.id,
        at: new Date(Math.min(now.getTime() - MINUTE, expires.getTime() - REMINDER_DAYS * DAY)),
      };
    }
    case 'PlanExpired': {
      const plan = await create('identity.user_plans', { user_id: userId }, ['expired']);
      return { id: plan.id, at: plan.expires_at ?? ago(now, DAY) };
    }
    case 'ExportExpiring':
    case 'ExportDeleted': {
      // A render whose export runs out in a few days, or ran out a while ago.
      const days =
        type === 'ExportExpiring' ? EXPORT_RETENTION_DAYS - REMINDER_DAYS + 0.5 : EXPORT_RETENTION_DAYS + 10;
      const job = await create(
        'render.render_jobs',
        { user_id: userId, completed_at: ago(now, days * DAY) },
        ['completed'],
      );
      const { rows } = await db.query<{ id: string; created_at: Date; expires_at: Date }>(
        'SELECT id, created_at, expires_at FROM render.exports WHERE render_job_id = $1',
        [job.id],
      );
      const exported = rows[0]!;
      return type === 'ExportExpiring'
        ? {
            id: exported.id,
            at: new Date(
              Math.max(exported.created_at.getTime(), exported.expires_at.getTime() - REMINDER_DAYS * DAY),
            ),
          }
        : { id: exported.id, at: exported.expires_at };
    }
    case 'GiftEarned': {
      const gift = await create('identity.earned_gifts', { user_id: userId });
      return { id: gift.id, at: gift.earned_at };
    }
    case 'QuestCompleted': {
      const progress = await create('identity.user_quest_progress', { user_id: userId }, ['completed']);
      return { id: progress.quest_id, at: progress.completed_at! };
    }
    case 'LevelUp': {
      // The highest level the user's XP reaches (a user without XP yet gets theirs).
      const level = async () =>
        (
          await db.query<{ id: string; created_at: Date; xp: boolean }>(
            `SELECT l.id, l.created_at, x.user_id IS NOT NULL AS xp FROM identity.levels l
               LEFT JOIN identity.user_xp x ON x.user_id = $1
              WHERE l.tenant_id = $2 AND l.min_xp <= coalesce(x.total_xp, 0) ORDER BY l.min_xp DESC LIMIT 1`,
            [userId, tenantId],
          )
        ).rows[0];
      let found = await level();
      if (!found) {
        await create('identity.levels', { min_xp: 0 });
        found = await level();
      }
      if (!found!.xp) await create('identity.user_xp', { user_id: userId });
      return { id: found!.id, at: new Date(Math.min(found!.created_at.getTime(), now.getTime() - MINUTE)) };
    }
    case 'TenantInvite': {
      const { rows } = await db.query<{ id: string; created_at: Date }>(
        `SELECT id, created_at FROM identity.tenant_invitations WHERE tenant_id = $1 AND created_at <= $2
          ORDER BY created_at DESC LIMIT 1`,
        [tenantId, now],
      );
      if (rows[0]) return { id: rows[0].id, at: rows[0].created_at };
      const invitation = await create('identity.tenant_invitations');
      return { id: invitation.id, at: invitation.created_at };
    }
    default:
      return null;
  }
}

/**
 * Which channels can reach the user at `at` (domain/notifications.ts: reachable). Phone and
 * e-mail come from the user's row; only a Push or Telegram channel needs a query.
 */
export async function reachOf(
  db: Queryable,
  user: { id: string; phone_number?: string | null; email?: string | null } | string,
  at: Date,
  wanted: readonly string[] = ['Push', 'Telegram'],
): Promise<Reach> {
  if (typeof user !== 'string' && !wanted.includes('Push') && !wanted.includes('Telegram')) {
    return { push: false, telegram: false, phone: Boolean(user.phone_number), email: Boolean(user.email) };
  }
  const userId = typeof user === 'string' ? user : user.id;
  const { rows } = await db.query<Reach>(
    `SELECT EXISTS (SELECT 1 FROM identity.push_subscriptions p WHERE p.user_id = u.id AND p.created_at <= $2) AS push,
            EXISTS (SELECT 1 FROM notification.telegram_links l WHERE l.user_id = u.id AND l.linked_at <= $2) AS telegram,
            u.phone_number IS NOT NULL AS phone, u.email IS NOT NULL AS email
       FROM identity.users u WHERE u.id = $1`,
    [userId, at],
  );
  return rows[0] ?? { push: false, telegram: false, phone: false, email: false };
}

import { CREATE_RENDER_ROUTE, JOB_EVENT_TYPES, WEBHOOK_EVENTS } from '../../domain/reseller-api.js';
import type { Rule } from '../rule.js';

/** A notification type, the row its `data` names, and what makes that row its cause. */
interface Cause {
  readonly type: string;
  readonly key: string;
  readonly table: string;
  /** When the cause happened (SQL over `t`, the caused row). */
  readonly at: string;
  /** The caused row is in the state the notification reports (SQL over `t` and `n`). */
  readonly state: string;
  /** The row belongs to the notified user (SQL over `t` and `n`). */
  readonly mine?: string;
}

const CAUSES: readonly Cause[] = [
  {
    type: 'RenderCompleted',
    key: 'render_job_id',
    table: 'render.render_jobs',
    at: 't.completed_at',
    state: "t.status = 'Completed'",
  },
  {
    type: 'RenderFailed',
    key: 'render_job_id',
    table: 'render.render_jobs',
    at: 't.failed_at',
    state: "t.status = 'Failed'",
  },
  {
    type: 'RenderProgress',
    key: 'render_job_id',
    table: 'render.render_jobs',
    at: 't.started_at',
    state: 'TRUE',
  },
  {
    type: 'PaymentSuccess',
    key: 'payment_id',
    table: 'identity.payments',
    at: 't.paid_at',
    state: "t.status IN ('Succeeded', 'Refunded', 'PartiallyRefunded')",
  },
  {
    type: 'PaymentFailed',
    key: 'payment_id',
    table: 'identity.payments',
    at: 't.failed_at',
    state: "t.status = 'Failed'",
  },
  {
    type: 'PlanExpiring',
    key: 'user_plan_id',
    table: 'identity.user_plans',
    at: "t.expires_at - interval '7 days'",
    state: 'n.created_at < t.expires_at',
  },
  {
    type: 'PlanExpired',
    key: 'user_plan_id',
    table: 'identity.user_plans',
    at: 't.expires_at',
    state: 'TRUE',
  },
  {
    type: 'ExportExpiring',
    key: 'export_id',
    table: 'render.exports',
    at: 't.created_at',
    state: 'n.created_at < t.expires_at',
  },
  { type: 'ExportDeleted', key: 'export_id', table: 'render.exports', at: 't.expires_at', state: 'TRUE' },
  {
    type: 'GiftEarned',
    key: 'earned_gift_id',
    table: 'identity.earned_gifts',
    at: 't.earned_at',
    state: 'TRUE',
  },
  {
    type: 'QuestCompleted',
    key: 'quest_id',
    table: 'identity.quests',
    at: `(SELECT min(q.completed_at) FROM identity.user_quest_progress q WHERE q.quest_id = t.id AND q.user_id = n.user_id)`,
    state: 'TRUE',
    mine: 't.tenant_id = n.tenant_id',
  },
  {
    type: 'LevelUp',
    key: 'level_id',
    table: 'identity.levels',
    at: 't.created_at',
    state: `EXISTS (SELECT 1 FROM identity.user_xp x WHERE x.user_id = n.user_id AND x.total_xp >= t.min_xp)`,
    mine: 't.tenant_id = n.tenant_id',
  },
  {
    type: 'TenantInvite',
    key: 'invitation_id',
    table: 'identity.tenant_invitations',
    at: 't.created_at',
    state: 'TRUE',
    mine: 't.tenant_id = n.tenant_id',
  },
];

const notificationFollowsCause = CAUSES.map(
  (c) => `SELECT n.id::text, format('a %s notification about %s %s %s', n.notification_type, '${c.table}',
         coalesce(n.data->>'${c.key}', '(data names none)'),
         CASE WHEN t.id IS NULL THEN 'that does not exist'
              WHEN NOT (${c.mine ?? 't.user_id = n.user_id'}) THEN 'of another user'
              WHEN NOT (${c.state}) THEN 'in another state'
              ELSE format('whose event at %s comes after the notification at %s', ${c.at}, n.created_at) END)
    FROM notification.notifications n LEFT JOIN ${c.table} t ON t.id::text = n.data->>'${c.key}'
   WHERE n.notification_type = '${c.type}'
     AND (t.id IS NULL OR NOT (${c.mine ?? 't.user_id = n.user_id'}) OR NOT (${c.state})
          OR ${c.at} IS NULL OR ${c.at} > n.created_at)`,
).join('\nUNION ALL\n');

const jobEvents = Object.entries(JOB_EVENT_TYPES)
  .map(([status, type]) => `('${type}', '${status}')`)
  .join(', ');
const knownEvents = WEBHOOK_EVENTS.map((e) => `'${e}'`).join(', ');

/** Causes before effects (notifications.ts, reseller-api.ts). */
export const causalityRules: readonly Rule[] = [
  {
    rule: 'notification-follows-cause',
    table: 'notification.notifications',
    column: 'data',
    sql: notificationFollowsCause,
  },
  {
    rule: 'gift-notification-same-user',
    table: 'identity.earned_gifts',
    column: 'notification_id',
    sql: `SELECT g.id::text, format('gift of user %s notified to user %s', g.user_id, n.user_id)
            FROM identity.earned_gifts g JOIN notification.notifications n ON n.id = g.notification_id WHERE n.user_id <> g.user_id`,
  },
  {
    rule: 'delivery-follows-notification',
    table: 'notification.notification_deliveries',
    column: 'created_at',
    sql: `SELECT d.id::text, format('a %s delivery to user %s made %s, for a notification to user %s on %s made %s',
                 d.channel, d.user_id, d.created_at, n.user_id, n.channels, n.created_at)
            FROM notification.notification_deliveries d JOIN notification.notifications n ON n.id = d.notification_id
           WHERE d.created_at < n.created_at OR d.user_id <> n.user_id OR NOT (d.channel = ANY (n.channels))
              OR coalesce(d.sent_at, d.created_at) < d.created_at OR coalesce(d.delivered_at, d.sent_at, d.created_at) < coalesce(d.sent_at, d.created_at)`,
  },
  {
    rule: 'delivery-channel-available',
    table: 'notification.notification_deliveries',
    column: 'channel',
    sql: `SELECT d.id::text, format('a %s delivery to user %s, who has %s', d.channel, d.user_id,
                 CASE d.channel WHEN 'Push' THEN format('no push subscription made by %s', d.created_at)
                                WHEN 'Telegram' THEN format('no Telegram link made by %s', d.created_at)
                                WHEN 'SMS' THEN 'no phone number' WHEN 'Email' THEN 'no e-mail address'
                                ELSE 'no such channel for notifications' END)
            FROM notification.notification_deliveries d JOIN identity.users u ON u.id = d.user_id
           WHERE CASE d.channel::text
                   WHEN 'InApp' THEN FALSE
                   WHEN 'Push' THEN NOT EXISTS (SELECT 1 FROM identity.push_subscriptions p
                                                 WHERE p.user_id = d.user_id AND p.created_at <= d.created_at)
                   WHEN 'Telegram' THEN NOT EXISTS (SELECT 1 FROM notification.telegram_links l
                                                     WHERE l.user_id = d.user_id AND l.linked_at <= d.created_at)
                   WHEN 'SMS' THEN u.phone_number IS NULL
                   WHEN 'Email' THEN u.email IS NULL
                   ELSE TRUE END`,
  },
  {
    rule: 'webhook-follows-event',
    table: 'identity.tenant_webhook_deliveries',
    column: 'payload',
    sql: `SELECT w.id::text, format('a %s delivery made %s: %s', w.event_type, w.created_at,
                 CASE WHEN w.event_type NOT IN (${knownEvents}) THEN 'not an event type of the catalogue'
                      WHEN NOT (cardinality(h.events) = 0 OR w.event_type = ANY (h.events)) THEN format('the webhook subscribes to %s only', h.events)
                      WHEN w.event_type LIKE 'render.job.%' AND j.id IS NULL THEN format('payload names render job %s of no row of this tenant', coalesce(w.payload->'data'->>'render_job_id', '(none)'))
                      WHEN w.event_type LIKE 'render.job.%' THEN format('render job %s is %s, started %s, ended %s', j.id, j.status, j.started_at, coalesce(j.completed_at, j.failed_at, j.cancelled_at))
                      WHEN p.id IS NULL THEN format('payload names payment %s of no row of this tenant', coalesce(w.payload->'data'->>'payment_id', '(none)'))
                      ELSE format('payment %s is %s, paid %s', p.id, p.status, p.paid_at) END)
            FROM identity.tenant_webhook_deliveries w
            JOIN identity.tenant_webhooks h ON h.id = w.webhook_id
            LEFT JOIN render.render_jobs j ON j.id::text = w.payload->'data'->>'render_job_id' AND j.tenant_id = w.tenant_id
            LEFT JOIN identity.payments p ON p.id::text = w.payload->'data'->>'payment_id' AND p.tenant_id = w.tenant_id
            LEFT JOIN (VALUES ${jobEvents}) AS e(event_type, status) ON e.event_type = w.event_type
           WHERE w.event_type NOT IN (${knownEvents})
              OR NOT (cardinality(h.events) = 0 OR w.event_type = ANY (h.events))
              OR (w.event_type = 'render.job.started.v1' AND (j.id IS NULL OR j.started_at IS NULL OR j.started_at > w.created_at))
              OR (e.status IS NOT NULL AND (j.id IS NULL OR j.status::text <> e.status
                    OR coalesce(j.completed_at, j.failed_at, j.cancelled_at) > w.created_at))
              OR (w.event_type LIKE 'identity.payment.%' AND (p.id IS NULL OR p.status <> 'Succeeded' OR p.paid_at > w.created_at))`,
  },
  {
    rule: 'api-post-created-job',
    table: 'identity.tenant_api_request_logs',
    column: 'request_id',
    sql: `SELECT l.id::text || '/' || l.created_at::text,
                 CASE WHEN j.id IS NULL THEN format('%s %s answered %s at %s, but no render job has metadata.request_id %s',
                        l.method, l.path, l.status_code, l.created_at, l.request_id)
                 ELSE format('created render job %s (source %s, API key %s, tenant %s, at %s) with API key %s of tenant %s at %s',
                        j.id, j.source, j.api_key_id, j.tenant_id, j.created_at, l.api_key_id, l.tenant_id, l.created_at) END
            FROM identity.tenant_api_request_logs l
            LEFT JOIN render.render_jobs j ON j.metadata->>'request_id' = l.request_id::text
           WHERE l.method = '${CREATE_RENDER_ROUTE.method}' AND l.path = '${CREATE_RENDER_ROUTE.path}' AND l.status_code BETWEEN 200 AND 299
             AND (j.id IS NULL OR j.source <> 'ResellerApi' OR j.api_key_id IS DISTINCT FROM l.api_key_id OR j.tenant_id <> l.tenant_id
                  OR abs(extract(epoch FROM j.created_at - l.created_at)) > 5)`,
  },
];

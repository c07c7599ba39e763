import { BILLING, REFUNDED_SECONDS, type Rule } from '../rule.js';

/** The entries of the wallet ledger in order, each with the balances the previous one left. */
const CHAIN = `SELECT w.*, lag(balance_after_minor) OVER byTime AS prev_minor, lag(seconds_balance_after) OVER byTime AS prev_seconds
                 FROM identity.wallet_transactions w WINDOW byTime AS (PARTITION BY user_id ORDER BY created_at, id)`;

/** The books: wallets, plans, payments and storage quotas (billing.ts). */
export const ledgerRules: readonly Rule[] = [
  {
    rule: 'wallet-balance',
    table: 'identity.users',
    column: 'balance_minor',
    sql: `SELECT u.id::text, format('balance_minor %s and render_seconds_balance %s, but the latest wallet entry leaves %s and %s',
                 u.balance_minor, u.render_seconds_balance, coalesce(w.balance_after_minor, 0), coalesce(w.seconds_balance_after, 0))
            FROM identity.users u
            LEFT JOIN LATERAL (SELECT balance_after_minor, seconds_balance_after FROM identity.wallet_transactions w
                                WHERE w.user_id = u.id ORDER BY created_at DESC, id DESC LIMIT 1) w ON TRUE
           WHERE u.balance_minor <> coalesce(w.balance_after_minor, 0)
              OR u.render_seconds_balance <> coalesce(w.seconds_balance_after, 0)`,
  },
  {
    rule: 'wallet-chain',
    table: 'identity.wallet_transactions',
    column: 'balance_after_minor',
    sql: `SELECT id::text, format('%s of %s rial and %s seconds after balances %s and %s leaves %s and %s',
                 tx_type, amount_minor, seconds_delta, coalesce(prev_minor, 0), coalesce(prev_seconds, 0), balance_after_minor, seconds_balance_after)
            FROM (${CHAIN}) t
           WHERE balance_after_minor <> coalesce(prev_minor, 0) + amount_minor
              OR seconds_balance_after <> coalesce(prev_seconds, 0) + seconds_delta`,
  },
  {
    rule: 'render-charge-matches-job',
    table: 'identity.wallet_transactions',
    column: 'amount_minor',
    sql: `SELECT w.id::text,
                 CASE WHEN j.id IS NULL THEN format('%s for render job %s, which does not exist', w.tx_type, w.render_job_id)
                 ELSE format('%s of %s rial and %s seconds for a job of user %s funded by %s, costing %s with refund %s',
                   w.tx_type, w.amount_minor, w.seconds_delta, j.user_id, coalesce(j.metadata->'billing'->>'funded_by', 'nobody'),
                   j.cost_minor, j.refund_amount_minor) END
            FROM identity.wallet_transactions w LEFT JOIN render.render_jobs j ON j.id = w.render_job_id
           WHERE w.tx_type IN ('RenderCharge', 'RenderRefund')
             AND (j.id IS NULL OR j.user_id <> w.user_id OR w.seconds_delta <> 0
                  OR coalesce(j.metadata->'billing'->>'funded_by', '') <> 'wallet'
                  OR (w.tx_type = 'RenderCharge' AND (w.amount_minor <> -j.cost_minor OR w.created_at <> j.charged_at))
                  OR (w.tx_type = 'RenderRefund' AND (w.amount_minor <> j.refund_amount_minor OR w.created_at <> j.refunded_at)))`,
  },
  {
    rule: 'job-funding',
    table: 'render.render_jobs',
    column: 'metadata',
    sql: `SELECT j.id::text,
                 format('a %s job funded by %s: %s', j.source, coalesce(${BILLING}->>'funded_by', 'nobody'),
                   CASE WHEN coalesce(${BILLING}->>'funded_by', '') NOT IN ('tenant', 'plan', 'wallet') THEN 'metadata.billing.funded_by must be tenant, plan or wallet'
                        WHEN (${BILLING}->>'funded_by' = 'tenant') <> (j.source <> 'Web') THEN 'Web renders are paid by a plan or the wallet, the others by the tenant'
                        WHEN NOT EXISTS (SELECT 1 FROM identity.wallet_transactions w WHERE w.render_job_id = j.id AND w.tx_type = 'RenderCharge') THEN 'no RenderCharge wallet entry'
                        ELSE format('refund %s but %s RenderRefund entries', j.refund_amount_minor,
                               (SELECT count(*) FROM identity.wallet_transactions w WHERE w.render_job_id = j.id AND w.tx_type = 'RenderRefund')) END)
            FROM render.render_jobs j
           WHERE coalesce(${BILLING}->>'funded_by', '') NOT IN ('tenant', 'plan', 'wallet')
              OR (${BILLING}->>'funded_by' = 'tenant') <> (j.source <> 'Web')
              OR (${BILLING}->>'funded_by' = 'wallet' AND j.cost_minor > 0 AND (
                    NOT EXISTS (SELECT 1 FROM identity.wallet_transactions w WHERE w.render_job_id = j.id AND w.tx_type = 'RenderCharge')
                    OR (j.refund_amount_minor > 0) <> EXISTS (SELECT 1 FROM identity.wallet_transactions w
                                                                WHERE w.render_job_id = j.id AND w.tx_type = 'RenderRefund')))`,
  },
  {
    rule: 'plan-job-in-window',
    table: 'render.render_jobs',
    column: 'metadata',
    sql: `SELECT j.id::text,
                 CASE WHEN p.id IS NULL THEN format('funded by user plan %s, which does not exist', coalesce(${BILLING}->>'user_plan_id', 'NULL'))
                 ELSE format('queued %s by user %s, funded by a %s plan of user %s valid %s – %s', j.queued_at, j.user_id, p.status, p.user_id,
                   p.starts_at, coalesce(least(p.expires_at, p.cancelled_at)::text, 'never')) END
            FROM render.render_jobs j
            LEFT JOIN identity.user_plans p ON p.id::text = ${BILLING}->>'user_plan_id'
           WHERE ${BILLING}->>'funded_by' = 'plan'
             AND (p.id IS NULL OR p.user_id <> j.user_id OR p.status NOT IN ('Active', 'Expired', 'Cancelled')
                  OR j.queued_at < p.starts_at
                  OR j.queued_at >= least(coalesce(p.expires_at, 'infinity'), coalesce(p.cancelled_at, 'infinity')))`,
  },
  {
    rule: 'plan-counters',
    table: 'identity.user_plans',
    column: 'seconds_used',
    sql: `WITH used AS (
            SELECT ${BILLING}->>'user_plan_id' AS plan_id,
                   count(*) FILTER (WHERE NOT (${REFUNDED_SECONDS} >= j.billable_seconds AND j.billable_seconds > 0)) AS renders,
                   sum(j.billable_seconds - ${REFUNDED_SECONDS}) AS seconds
              FROM render.render_jobs j WHERE ${BILLING}->>'funded_by' = 'plan' GROUP BY 1)
          SELECT p.id::text, format('renders_used %s and seconds_used %s, but its jobs used %s renders and %s seconds',
                 p.renders_used, p.seconds_used, coalesce(u.renders, 0), coalesce(u.seconds, 0))
            FROM identity.user_plans p LEFT JOIN used u ON u.plan_id = p.id::text
           WHERE p.renders_used <> coalesce(u.renders, 0) OR p.seconds_used <> coalesce(u.seconds, 0)`,
  },
  {
    rule: 'plan-payment',
    table: 'identity.payments',
    column: 'plan_id',
    sql: `SELECT p.id::text, 'a succeeded plan purchase with no identity.user_plans row of its user and plan'
            FROM identity.payments p
           WHERE p.purpose = 'PlanPurchase' AND p.status = 'Succeeded'
             AND NOT EXISTS (SELECT 1 FROM identity.user_plans up WHERE up.payment_id = p.id AND up.user_id = p.user_id AND up.plan_id = p.plan_id)`,
  },
  {
    rule: 'plan-payment',
    table: 'identity.user_plans',
    column: 'payment_id',
    sql: `SELECT up.id::text, format('user plan paid by payment %s, a %s %s of user %s for plan %s', p.id, p.status, p.purpose, p.user_id, p.plan_id)
            FROM identity.user_plans up JOIN identity.payments p ON p.id = up.payment_id
           WHERE NOT (p.status IN ('Succeeded', 'Refunded', 'PartiallyRefunded') OR (up.status = 'Pending' AND p.status = 'Pending'))
              OR p.purpose <> 'PlanPurchase'
              OR p.user_id <> up.user_id OR p.plan_id IS DISTINCT FROM up.plan_id`,
  },
  {
    rule: 'top-up-matches-payment',
    table: 'identity.wallet_transactions',
    column: 'payment_id',
    sql: `SELECT w.id::text, CASE WHEN p.id IS NULL THEN 'a TopUp with no payment'
                 ELSE format('a TopUp of %s for a %s %s payment of %s by user %s', w.amount_minor, p.status, p.purpose, p.amount_minor, p.user_id) END
            FROM identity.wallet_transactions w LEFT JOIN identity.payments p ON p.id = w.payment_id
           WHERE w.tx_type = 'TopUp' AND (p.id IS NULL OR p.status <> 'Succeeded' OR p.purpose <> 'WalletTopUp'
                 OR p.user_id <> w.user_id OR p.amount_minor <> w.amount_minor OR w.created_at < p.paid_at)`,
  },
  {
    rule: 'top-up-matches-payment',
    table: 'identity.payments',
    column: 'status',
    sql: `SELECT p.id::text, format('a succeeded wallet top-up of %s with %s TopUp entries', p.amount_minor,
                 (SELECT count(*) FROM identity.wallet_transactions w WHERE w.payment_id = p.id AND w.tx_type = 'TopUp'))
            FROM identity.payments p
           WHERE p.purpose = 'WalletTopUp' AND p.status = 'Succeeded'
             AND (SELECT count(*) FROM identity.wallet_transactions w WHERE w.payment_id = p.id AND w.tx_type = 'TopUp') <> 1`,
  },
  {
    rule: 'quota-matches-files',
    table: 'file_mgr.storage_quotas',
    column: 'used_bytes',
    sql: `SELECT q.user_id::text, format('used_bytes %s and file_count %s of quota %s, but the user stores %s bytes in %s files',
                 q.used_bytes, q.file_count, coalesce(q.quota_bytes::text, 'unlimited'), coalesce(f.bytes, 0), coalesce(f.files, 0))
            FROM file_mgr.storage_quotas q
            LEFT JOIN LATERAL (SELECT sum(size_bytes) AS bytes, count(*) AS files FROM file_mgr.files f
                                WHERE f.user_id = q.user_id AND f.tenant_id = q.tenant_id AND f.status NOT IN ('Pending', 'Purged') AND f.purged_at IS NULL) f ON TRUE
           WHERE q.used_bytes <> coalesce(f.bytes, 0) OR q.file_count <> coalesce(f.files, 0) OR q.used_bytes > q.quota_bytes`,
  },
];

import { createHash } from 'node:crypto';
import { describe, expect } from 'vitest';
import { identityAccessFactories } from '../../../src/factories/identity/access-group.js';
import { hashOtpCode } from '../../../src/factories/identity/auth.js';
import { apiKeyPrefix, hashApiKey } from '../../../src/factories/identity/reseller-api.js';
import { createFactories, type Factories, factoryDefinitions } from '../../../src/factories/index.js';
import type { Queryable } from '../../../src/sql/queryable.js';
import { createSeedTest } from '../../../src/vitest/index.js';

// One database per file; every test rolls back, so tests may reuse seeds and unique keys.
const test = createSeedTest({ transaction: true });

const NOW = '2026-06-01T00:00:00Z';
const now = new Date(NOW);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const open = (db: Queryable, seed = 7): Factories => createFactories(db, { seed, now: NOW });
const ms = (value: Date | null | undefined) => (value ? value.getTime() : Number.NaN);

type Name = keyof typeof identityAccessFactories;
interface AnyFactory {
  create(): Promise<unknown>;
  trait(name: string): AnyFactory;
}

describe('identity access factories', () => {
  test('every factory and every trait creates a valid row, each trait in a tenant of its own', async ({
    db,
  }) => {
    const f = open(db);
    for (const name of Object.keys(identityAccessFactories) as Name[]) {
      const factory = f[name] as unknown as AnyFactory;
      await expect(factory.create(), `f.${name}.create()`).resolves.toBeDefined();
      for (const trait of Object.keys(factoryDefinitions[name].traits ?? {})) {
        const scoped = f.forTenant(await f.tenant.create());
        await expect(
          (scoped[name] as unknown as AnyFactory).trait(trait).create(),
          `f.${name}.${trait}()`,
        ).resolves.toBeDefined();
      }
    }
  });
});

describe('f.tenantApiKey', () => {
  test('stores only the prefix and the sha256 of the plaintext key', async ({ db }) => {
    const f = open(db);
    const plaintext = 'fr_live_demo0001abcdefabcdefabcdefabcdefabcdef';
    const key = await f.tenantApiKey.transient({ plaintext }).create();
    expect(key.key_hash).toBe(sha256(plaintext));
    expect(key.key_hash).toBe(hashApiKey(plaintext));
    expect(key.key_prefix).toBe('fr_live_demo0001');
    expect(key.key_prefix).toBe(apiKeyPrefix(plaintext));
    expect(JSON.stringify(key)).not.toContain(plaintext);
    expect(key.signing_secret_encrypted).toBeInstanceOf(Buffer);
    expect(key.signing_secret_encrypted.length).toBe(32);
  });

  test('generated keys have unique prefixes that name their environment', async ({ db }) => {
    const f = open(db);
    const keys = [...(await f.tenantApiKey.createList(12)), await f.tenantApiKey.test().create()];
    expect(new Set(keys.map((k) => k.key_prefix)).size).toBe(keys.length);
    for (const key of keys) {
      expect(key.key_prefix).toMatch(key.environment === 'Live' ? /^fr_live_/ : /^fr_test_/);
      expect(key.key_hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(keys.at(-1)!.environment).toBe('Test');
  });

  test('an active key is created by a user of its tenant and last used between creation and now', async ({
    db,
  }) => {
    const f = open(db);
    const key = await f.tenantApiKey.create();
    const { rows } = await db.query<{ tenant_id: string; created_at: Date }>(
      'SELECT tenant_id, created_at FROM identity.users WHERE id = $1',
      [key.created_by],
    );
    const creator = rows[0]!;
    expect(creator.tenant_id).toBe(key.tenant_id);
    expect(key.status).toBe('Active');
    expect(key.revoked_at).toBeNull();
    expect(ms(key.created_at)).toBeGreaterThanOrEqual(ms(creator.created_at));
    if (key.last_used_at) {
      expect(ms(key.last_used_at)).toBeGreaterThanOrEqual(ms(key.created_at));
      expect(ms(key.last_used_at)).toBeLessThanOrEqual(now.getTime());
      expect(key.last_used_ip).not.toBeNull();
    }
    expect(ms(key.updated_at)).toBeGreaterThanOrEqual(ms(key.created_at));
  });

  test('a revoked key was revoked after creation, with a reason, and not used afterwards', async ({ db }) => {
    const keys = await open(db).tenantApiKey.revoked().createList(5);
    for (const key of keys) {
      expect(key.status).toBe('Revoked');
      expect(key.revoked_reason).toBeTruthy();
      expect(ms(key.revoked_at)).toBeGreaterThan(ms(key.created_at));
      expect(ms(key.revoked_at)).toBeLessThanOrEqual(now.getTime());
      if (key.last_used_at) expect(ms(key.last_used_at)).toBeLessThanOrEqual(ms(key.revoked_at));
    }
  });

  test('an expired key expired in the past; ipRestricted and readOnly narrow its use', async ({ db }) => {
    const f = open(db);
    const expired = await f.tenantApiKey.expired().create();
    expect(ms(expired.expires_at)).toBeLessThanOrEqual(now.getTime());
    expect(ms(expired.expires_at)).toBeGreaterThan(ms(expired.created_at));
    const restricted = await f.tenantApiKey.ipRestricted().readOnly().create();
    expect(restricted.allowed_ips).toHaveLength(2);
    expect(restricted.allowed_ips[0]).toMatch(/^185\.\d+\.\d+\.0\/24$/);
    expect(restricted.scopes.every((s) => s.endsWith(':read'))).toBe(true);
  });
});

describe('f.tenantWebhook', () => {
  test('posts to HTTPS with an encrypted secret; a disabled endpoint stopped at its last failure', async ({
    db,
  }) => {
    const f = open(db);
    const hook = await f.tenantWebhook.create();
    expect(hook.url).toMatch(/^https:\/\//);
    expect(hook.secret_encrypted.length).toBe(32);
    expect(hook.is_active).toBe(true);
    expect(hook.consecutive_failures).toBe(0);
    const disabled = await f.tenantWebhook.disabled().create();
    expect(disabled.is_active).toBe(false);
    expect(disabled.consecutive_failures).toBeGreaterThanOrEqual(10);
    expect(disabled.disabled_at).toEqual(disabled.last_failure_at);
    if (disabled.last_success_at) {
      expect(ms(disabled.last_success_at)).toBeLessThanOrEqual(ms(disabled.last_failure_at));
    }
    const deleted = await f.tenantWebhook.deleted().create();
    expect(ms(deleted.deleted_at)).toBeGreaterThan(ms(deleted.created_at));
    expect(deleted.is_active).toBe(false);
    expect((await f.tenantWebhook.allEvents().create()).events).toEqual([]);
  });
});

describe('f.tenantWebhookDelivery', () => {
  test('attempt, response, delivered_at and next_retry_at agree with the status', async ({ db }) => {
    const f = open(db);
    const hook = await f.tenantWebhook.create();
    const d = {
      pending: await f.tenantWebhookDelivery.pending().create(),
      succeeded: await f.tenantWebhookDelivery.succeeded().create(),
      failed: await f.tenantWebhookDelivery.failed().create(),
      retrying: await f.tenantWebhookDelivery.retrying().create(),
      abandoned: await f.tenantWebhookDelivery.abandoned().create(),
    };
    for (const delivery of Object.values(d)) {
      expect(delivery.webhook_id).toBe(hook.id);
      expect(delivery.tenant_id).toBe(hook.tenant_id);
      expect(ms(delivery.created_at)).toBeGreaterThanOrEqual(ms(hook.created_at));
      expect(ms(delivery.created_at)).toBeLessThanOrEqual(now.getTime());
      expect((delivery.payload as { event_id: string }).event_id).toBe(delivery.event_id);
      expect(hook.events.length === 0 || hook.events.includes(delivery.event_type)).toBe(true);
    }
    expect(d.pending).toMatchObject({
      status: 'Pending',
      attempt: 0,
      response_status: null,
      delivered_at: null,
    });
    expect(d.pending.next_retry_at).toEqual(d.pending.created_at);
    expect(d.succeeded.attempt).toBeGreaterThanOrEqual(1);
    expect(d.succeeded.response_status).toBeGreaterThanOrEqual(200);
    expect(d.succeeded.response_status).toBeLessThan(300);
    expect(ms(d.succeeded.delivered_at)).toBeGreaterThanOrEqual(ms(d.succeeded.created_at));
    expect(d.succeeded.next_retry_at).toBeNull();
    expect(d.failed.response_status).toBeGreaterThanOrEqual(400);
    expect(d.failed.response_status).toBeLessThan(500);
    expect(d.failed).toMatchObject({ delivered_at: null, next_retry_at: null });
    expect(d.retrying.attempt).toBeGreaterThanOrEqual(1);
    expect(d.retrying.delivered_at).toBeNull();
    expect(ms(d.retrying.next_retry_at)).toBeGreaterThan(now.getTime());
    expect(d.abandoned).toMatchObject({ attempt: 8, delivered_at: null, next_retry_at: null });
  });

  test('one delivery per event and endpoint: event ids are unique', async ({ db }) => {
    const rows = await open(db).tenantWebhookDelivery.createList(10);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(10);
  });
});

describe('f.tenantApiRequestLog', () => {
  test('lands in its month partition, inside its API key lifetime, with an error code only on errors', async ({
    db,
  }) => {
    const f = open(db);
    const key = await f.tenantApiKey.create();
    const logs = await f.tenantApiRequestLog.createList(8);
    const march = await f.tenantApiRequestLog.create({ created_at: new Date('2026-03-15T10:00:00Z') });
    for (const log of logs) {
      expect(log.api_key_id).toBe(key.id);
      expect(log.tenant_id).toBe(key.tenant_id);
      expect(ms(log.created_at)).toBeGreaterThanOrEqual(ms(key.created_at));
      expect(ms(log.created_at)).toBeLessThanOrEqual(now.getTime());
      expect(log.error_code === null).toBe(log.status_code < 400);
    }
    const { rows } = await db.query<{ part: string; n: number }>(
      `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM identity.tenant_api_request_logs GROUP BY 1`,
    );
    expect(march.error_code === null).toBe(march.status_code < 400);
    expect(rows.map((r) => r.part)).toContain('identity.tenant_api_request_logs_2026_03');
    expect(rows.map((r) => r.part)).not.toContain('identity.tenant_api_request_logs_default');
  });

  test('error traits carry the matching status and code; unauthorized calls have no key', async ({ db }) => {
    const f = open(db);
    expect(await f.tenantApiRequestLog.validationError().create()).toMatchObject({
      status_code: 422,
      error_code: 'template_field_invalid',
      method: 'POST',
    });
    expect(await f.tenantApiRequestLog.rateLimited().create()).toMatchObject({
      status_code: 429,
      error_code: 'rate_limited',
    });
    expect(await f.tenantApiRequestLog.serverError().create()).toMatchObject({ status_code: 500 });
    expect(await f.tenantApiRequestLog.unauthorized().create()).toMatchObject({
      status_code: 401,
      api_key_id: null,
      error_code: 'invalid_api_key',
    });
  });
});

describe('f.tenantUsageDaily', () => {
  test('usage counters agree with the API calls and users they count on that Tehran day', async ({ db }) => {
    const f = open(db);
    const tenant = await f.tenant.create();
    const scoped = f.forTenant(tenant);
    const usage = await scoped.tenantUsageDaily
      .transient({ apiRequests: 25 })
      .create({ usage_date: '2026-05-20' });
    const { rows } = await db.query<{ n: number; errors: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE status_code >= 400)::int AS errors
         FROM identity.tenant_api_request_logs
        WHERE tenant_id = $1 AND (created_at AT TIME ZONE 'Asia/Tehran')::date = '2026-05-20'`,
      [tenant.id],
    );
    expect(usage.api_requests).toBe(25);
    expect(rows[0]).toEqual({ n: 25, errors: usage.api_errors });
    const { rows: users } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM identity.users
        WHERE tenant_id = $1 AND (created_at AT TIME ZONE 'Asia/Tehran')::date = '2026-05-20'`,
      [tenant.id],
    );
    expect(usage.new_users).toBe(users[0]!.n);
    expect(usage.render_jobs_count).toBe(0);
    expect(usage.render_seconds).toBe('0');
    expect(ms(usage.updated_at)).toBeLessThanOrEqual(now.getTime());
  });

  test.skipIf(!('renderJob' in factoryDefinitions))(
    'usage counters agree with the render jobs they count',
    async ({ db }) => {
      const f = open(db);
      const scoped = f.forTenant(await f.tenant.create());
      const usage = await scoped.tenantUsageDaily
        .transient({ renderJobs: 3 })
        .create({ usage_date: '2026-05-10' });
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, coalesce(round(sum(duration_sec)), 0)::text AS seconds,
                coalesce(sum(billable_seconds), 0)::text AS billable, coalesce(sum(compute_seconds), 0)::text AS compute,
                coalesce(sum(cost_minor - refund_amount_minor), 0)::text AS charged
           FROM render.render_jobs
          WHERE tenant_id = $1 AND (created_at AT TIME ZONE 'Asia/Tehran')::date = '2026-05-10'`,
        [usage.tenant_id],
      );
      expect(rows[0]).toEqual({
        n: 3,
        seconds: usage.render_seconds,
        billable: usage.render_billable_seconds,
        compute: usage.compute_seconds,
        charged: usage.amount_charged_minor,
      });
      expect(usage.render_jobs_count).toBe(3);
      expect(usage.active_users).toBeGreaterThanOrEqual(1);
    },
  );

  test('defaults count one past day per row; counted: false keeps the given counters; today is partial', async ({
    db,
  }) => {
    const f = open(db);
    const rows = await f.tenantUsageDaily.createList(3);
    expect(new Set(rows.map((r) => r.usage_date.getTime())).size).toBe(3);
    const given = await f.tenantUsageDaily
      .transient({ counted: false })
      .create({ usage_date: '2026-04-01', api_requests: 999, render_jobs_count: 12 });
    expect(given).toMatchObject({ api_requests: 999, render_jobs_count: 12 });
    const today = await f
      .forTenant(await f.tenant.create())
      .tenantUsageDaily.today()
      .create();
    expect(today.updated_at).toEqual(now);
  });
});

describe('f.userSession', () => {
  test('an active session opened after its user, seen since, expires 30 days after it opened', async ({
    db,
  }) => {
    const f = open(db);
    const user = await f.user.create();
    const sessions = await f.userSession.createList(5);
    expect(new Set(sessions.map((s) => s.refresh_token_hash)).size).toBe(5);
    for (const s of sessions) {
      expect(s.user_id).toBe(user.id);
      expect(s.auth_method).toBe(user.register_mode);
      expect(s.refresh_token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(ms(s.created_at)).toBeGreaterThanOrEqual(ms(user.created_at));
      expect(ms(s.last_seen_at)).toBeGreaterThanOrEqual(ms(s.created_at));
      expect(ms(s.last_seen_at)).toBeLessThanOrEqual(now.getTime());
      expect(ms(s.expires_at) - ms(s.created_at)).toBe(30 * 86_400_000);
      expect(ms(s.expires_at)).toBeGreaterThan(now.getTime());
      expect(s.revoked_at).toBeNull();
    }
  });

  test('revoked, expired and rotated sessions end in the past; a rotated one points at its successor', async ({
    db,
  }) => {
    const f = open(db);
    const revoked = await f.userSession.revoked().create();
    expect(ms(revoked.revoked_at)).toBeGreaterThanOrEqual(ms(revoked.created_at));
    expect(ms(revoked.last_seen_at)).toBeLessThanOrEqual(ms(revoked.revoked_at));
    const expired = await f.userSession.expired().create();
    expect(ms(expired.expires_at)).toBeLessThan(now.getTime());
    expect(ms(expired.expires_at)).toBeGreaterThan(ms(expired.created_at));
    expect(ms(expired.last_seen_at)).toBeLessThanOrEqual(ms(expired.expires_at));
    const rotated = await f.userSession.rotated().create();
    expect(rotated.revoked_reason).toBe('Rotated');
    const { rows } = await db.query('SELECT * FROM identity.user_sessions WHERE id = $1', [
      rotated.replaced_by_id,
    ]);
    expect(rows[0]).toMatchObject({
      user_id: rotated.user_id,
      revoked_at: null,
      created_at: rotated.revoked_at,
    });
  });
});

describe('f.mfaFactor', () => {
  test('each factor type carries what its CHECK requires, and nothing of the other types', async ({ db }) => {
    const f = open(db);
    const user = await f.user.create();
    const totp = await f.mfaFactor.totp().create();
    expect(totp.secret_encrypted?.length).toBe(20);
    expect(totp.phone_number).toBeNull();
    const sms = await f.mfaFactor.sms().create();
    expect(sms.phone_number).toMatch(/^\+989\d{9}$/);
    if (user.phone_number) expect(sms.phone_number).toBe(user.phone_number);
    expect(sms.secret_encrypted).toBeNull();
    const webauthn = await f.mfaFactor.webauthn().create();
    expect(webauthn.webauthn_credential_id?.length).toBe(32);
    expect(webauthn.webauthn_public_key).not.toBeNull();
    const codes = await f.mfaFactor.recoveryCodes().create();
    expect(codes.recovery_code_hashes).toHaveLength(10);
    expect((await f.mfaFactor.email().create()).email).toBeTruthy();
    for (const factor of [totp, sms, webauthn, codes]) {
      expect(factor.status).toBe('Active');
      expect(ms(factor.verified_at)).toBeGreaterThanOrEqual(ms(factor.created_at));
    }
  });

  test('a pending factor is not verified; only one live primary factor per user', async ({ db }) => {
    const f = open(db);
    const pending = await f.mfaFactor.pending().create();
    expect(pending).toMatchObject({ status: 'Pending', verified_at: null, last_used_at: null });
    await f.mfaFactor.primary().create();
    expect((await f.mfaFactor.createList(2)).every((m) => !m.is_primary)).toBe(true);
    await expect(f.mfaFactor.primary().create()).rejects.toThrow(/unique/);
  });
});

describe('f.pushSubscription', () => {
  test('has a unique endpoint, a P-256 public key and a 16-byte auth secret; inactive ones failed', async ({
    db,
  }) => {
    const f = open(db);
    const subs = await f.pushSubscription.createList(4);
    expect(new Set(subs.map((s) => s.endpoint)).size).toBe(4);
    for (const s of subs) {
      const key = Buffer.from(s.p256dh, 'base64url');
      expect(key.length).toBe(65);
      expect(key[0]).toBe(4);
      expect(Buffer.from(s.auth, 'base64url').length).toBe(16);
      expect(s.endpoint).toMatch(/^https:\/\//);
    }
    expect((await f.pushSubscription.ios().create()).endpoint).toMatch(/^https:\/\/web\.push\.apple\.com\//);
    const gone = await f.pushSubscription.inactive().create();
    expect(gone).toMatchObject({ is_active: false, failure_count: 1 });
    expect(ms(gone.updated_at)).toBeGreaterThanOrEqual(ms(gone.last_success_at ?? gone.created_at));
  });
});

describe('f.otpCode', () => {
  test('expires two minutes after it was sent and stores the salted hash of its code', async ({ db }) => {
    const f = open(db);
    const user = await f.user.create();
    const otp = await f.otpCode.transient({ code: '48213' }).create({ channel: 'Sms' });
    expect(ms(otp.expires_at) - ms(otp.created_at)).toBe(120_000);
    expect(otp.code_hash).toBe(hashOtpCode(otp.target, '48213'));
    expect(otp.code_hash).toBe(sha256(`${otp.target}:48213`));
    if (user.phone_number) expect(otp.target).toBe(user.phone_number);
    expect(ms(otp.consumed_at)).toBeLessThan(ms(otp.expires_at));
    expect(otp.user_id).toBe(user.id);
  });

  test('pending codes are still valid; expired and exhausted ones were never consumed', async ({ db }) => {
    const f = open(db);
    const pending = await f.otpCode.pending().create();
    expect(ms(pending.expires_at)).toBeGreaterThan(now.getTime());
    expect(pending).toMatchObject({ consumed_at: null, attempts: 0 });
    const expired = await f.otpCode.expired().create();
    expect(ms(expired.expires_at)).toBeLessThan(now.getTime());
    expect(expired.consumed_at).toBeNull();
    const exhausted = await f.otpCode.exhausted().create();
    expect(exhausted.attempts).toBe(exhausted.max_attempts);
    const signup = await f.otpCode.registration().create();
    expect(signup).toMatchObject({ user_id: null, purpose: 'Register', channel: 'Sms' });
    expect(signup.target).toMatch(/^\+989\d{9}$/);
  });
});

describe('f.tenantInvitation', () => {
  test('a pending invitation is valid for a week and names an email or a phone', async ({ db }) => {
    const f = open(db);
    const inviter = await f.user.create();
    const invite = await f.tenantInvitation.transient({ token: 'invite-token-1' }).create();
    expect(invite.token_hash).toBe(sha256('invite-token-1'));
    expect(invite.invited_by).toBe(inviter.id);
    expect(ms(invite.expires_at) - ms(invite.created_at)).toBe(7 * 86_400_000);
    expect(ms(invite.expires_at)).toBeGreaterThan(now.getTime());
    expect(invite.accepted_at).toBeNull();
    expect(invite.email ?? invite.phone_number).toBeTruthy();
    expect((await f.tenantInvitation.byPhone().create()).email).toBeNull();
  });

  test('an accepted invitation points at the user who signed up with it when accepting', async ({ db }) => {
    const f = open(db);
    const invite = await f.tenantInvitation.accepted().admin().create();
    expect(ms(invite.accepted_at)).toBeGreaterThan(ms(invite.created_at));
    expect(ms(invite.accepted_at)).toBeLessThanOrEqual(Math.min(ms(invite.expires_at), now.getTime()));
    const { rows } = await db.query('SELECT * FROM identity.users WHERE id = $1', [invite.accepted_user_id]);
    const user = rows[0]!;
    expect(user.tenant_id).toBe(invite.tenant_id);
    expect(user.role).toBe('Admin');
    expect(user.created_at).toEqual(invite.accepted_at);
    if (invite.email) expect(user.email).toBe(invite.email);
    else expect(user.phone_number).toBe(invite.phone_number);
    const expired = await f.tenantInvitation.expired().create();
    expect(ms(expired.expires_at)).toBeLessThan(now.getTime());
  });
});

describe('f.oauthConfig', () => {
  test('one Google config per tenant, edited by a user of that tenant', async ({ db }) => {
    const f = open(db);
    const config = await f.oauthConfig.create();
    expect(config).toMatchObject({
      provider: 'Google',
      is_enabled: true,
      scopes: ['openid', 'email', 'profile'],
    });
    expect(config.client_id).toMatch(/\.apps\.googleusercontent\.com$/);
    expect(config.redirect_uri).toBe('https://api.flatrender.ir/v1/auth/oauth/google/callback');
    expect(ms(config.updated_at)).toBeGreaterThanOrEqual(ms(config.created_at));
    const other = await f
      .forTenant(await f.tenant.create())
      .oauthConfig.disabled()
      .create();
    expect(other.is_enabled).toBe(false);
    // Last: the failed INSERT aborts the test's transaction.
    await expect(f.oauthConfig.create()).rejects.toThrow(/unique/);
  });
});

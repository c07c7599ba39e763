-- 02_identity_users: schema identity, part 2 (users, sessions, MFA, push, OTP, invitations).

SET search_path TO identity, public;

CREATE TYPE register_mode AS ENUM ('Email', 'Mobile', 'Google', 'Telegram', 'SSO', 'Reseller');
CREATE TYPE user_role AS ENUM ('User', 'Moderator', 'Admin', 'SuperAdmin');
CREATE TYPE user_status AS ENUM ('PendingVerification', 'Active', 'Banned', 'Deactivated');
CREATE TYPE mfa_factor_type AS ENUM ('Totp', 'Sms', 'Email', 'WebAuthn', 'RecoveryCodes');
CREATE TYPE mfa_factor_status AS ENUM ('Pending', 'Active', 'Disabled');
CREATE TYPE push_platform AS ENUM ('Web', 'Android', 'Ios');
CREATE TYPE otp_channel AS ENUM ('Sms', 'Email', 'Telegram');
CREATE TYPE otp_purpose AS ENUM ('Login', 'Register', 'VerifyPhone', 'VerifyEmail', 'ResetPassword', 'MfaChallenge');

CREATE TABLE users (
  id                         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id                  UUID NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
  email                      CITEXT,
  email_verified_at          TIMESTAMPTZ,
  phone_number               TEXT,          -- E.164
  phone_verified_at          TIMESTAMPTZ,
  password_hash              TEXT,          -- NULL for Google/Telegram-only accounts
  full_name                  TEXT,
  display_name               TEXT,
  avatar_url                 TEXT,
  locale                     TEXT NOT NULL DEFAULT 'fa',
  timezone                   TEXT NOT NULL DEFAULT 'Asia/Tehran',
  role                       user_role NOT NULL DEFAULT 'User',
  status                     user_status NOT NULL DEFAULT 'Active',
  register_mode              register_mode NOT NULL DEFAULT 'Mobile',
  registered_with_mobile_app BOOLEAN NOT NULL DEFAULT FALSE,
  affiliate_owner_id         UUID REFERENCES users (id) ON DELETE SET NULL,
  referral_code              CITEXT,
  google_sub                 TEXT,
  telegram_user_id           BIGINT,
  -- No CHECK (balance_minor >= 0): admin adjustments may take a balance negative.
  balance_minor              BIGINT NOT NULL DEFAULT 0,
  render_seconds_balance     BIGINT NOT NULL DEFAULT 0,
  banned_at                  TIMESTAMPTZ,
  banned_by                  UUID REFERENCES users (id) ON DELETE SET NULL,
  ban_reason                 TEXT,
  unblock_date               TIMESTAMPTZ,
  mfa_enabled                BOOLEAN NOT NULL DEFAULT FALSE,
  last_login_at              TIMESTAMPTZ,
  last_login_ip              INET,
  failed_login_count         SMALLINT NOT NULL DEFAULT 0,
  locked_until               TIMESTAMPTZ,
  metadata                   JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at                 TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at                 TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at                 TIMESTAMPTZ,
  -- Every account needs at least one way to sign in.
  CONSTRAINT users_login_identifier_check
    CHECK (email IS NOT NULL OR phone_number IS NOT NULL OR google_sub IS NOT NULL OR telegram_user_id IS NOT NULL)
);

-- Identifiers are unique per tenant among live accounts: the same phone may sign up with two
-- resellers, and a soft-deleted account must not block re-registration.
CREATE UNIQUE INDEX idx_users_tenant_id_email ON users (tenant_id, email)
  WHERE deleted_at IS NULL AND email IS NOT NULL;
CREATE UNIQUE INDEX idx_users_tenant_id_phone_number ON users (tenant_id, phone_number)
  WHERE deleted_at IS NULL AND phone_number IS NOT NULL;
CREATE UNIQUE INDEX idx_users_tenant_id_google_sub ON users (tenant_id, google_sub)
  WHERE deleted_at IS NULL AND google_sub IS NOT NULL;
CREATE UNIQUE INDEX idx_users_tenant_id_telegram_user_id ON users (tenant_id, telegram_user_id)
  WHERE deleted_at IS NULL AND telegram_user_id IS NOT NULL;
CREATE UNIQUE INDEX idx_users_tenant_id_referral_code ON users (tenant_id, referral_code)
  WHERE deleted_at IS NULL AND referral_code IS NOT NULL;
CREATE INDEX idx_users_tenant_id_created_at ON users (tenant_id, created_at DESC);

CREATE TRIGGER tg_users_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Deferred from 01, where users did not exist yet.
ALTER TABLE tenant_api_keys
  ADD CONSTRAINT tenant_api_keys_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL;

CREATE TABLE user_sessions (
  id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id            UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  refresh_token_hash TEXT NOT NULL UNIQUE,
  auth_method        register_mode NOT NULL,
  mfa_passed         BOOLEAN NOT NULL DEFAULT FALSE,
  ip                 INET,
  user_agent         TEXT,
  device_name        TEXT,
  is_mobile_app      BOOLEAN NOT NULL DEFAULT FALSE,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  last_seen_at       TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  expires_at         TIMESTAMPTZ NOT NULL,
  revoked_at         TIMESTAMPTZ,
  revoked_reason     TEXT,
  -- Refresh-token rotation chain: lets reuse of an old token revoke its successors.
  replaced_by_id     UUID REFERENCES user_sessions (id) ON DELETE SET NULL
);

CREATE INDEX idx_user_sessions_user_id ON user_sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE mfa_factors (
  id                     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id              UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id                UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  factor_type            mfa_factor_type NOT NULL,
  status                 mfa_factor_status NOT NULL DEFAULT 'Pending',
  label                  TEXT,
  secret_encrypted       BYTEA,
  phone_number           TEXT,
  email                  CITEXT,
  webauthn_credential_id BYTEA UNIQUE,
  webauthn_public_key    BYTEA,
  webauthn_sign_count    BIGINT NOT NULL DEFAULT 0,
  recovery_code_hashes   TEXT[] NOT NULL DEFAULT '{}',
  is_primary             BOOLEAN NOT NULL DEFAULT FALSE,
  verified_at            TIMESTAMPTZ,
  last_used_at           TIMESTAMPTZ,
  created_at             TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at             TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at             TIMESTAMPTZ,
  CONSTRAINT mfa_factors_totp_secret_check CHECK (factor_type <> 'Totp' OR secret_encrypted IS NOT NULL),
  CONSTRAINT mfa_factors_sms_phone_check CHECK (factor_type <> 'Sms' OR phone_number IS NOT NULL),
  CONSTRAINT mfa_factors_webauthn_credential_check CHECK (factor_type <> 'WebAuthn' OR webauthn_credential_id IS NOT NULL)
);

CREATE UNIQUE INDEX idx_mfa_factors_user_id ON mfa_factors (user_id) WHERE is_primary AND deleted_at IS NULL;

CREATE TRIGGER tg_mfa_factors_updated_at BEFORE UPDATE ON mfa_factors
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE push_subscriptions (
  id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id         UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  platform        push_platform NOT NULL DEFAULT 'Web',
  endpoint        TEXT NOT NULL UNIQUE,
  p256dh          TEXT NOT NULL,
  auth            TEXT NOT NULL,
  user_agent      TEXT,
  expiration_time TIMESTAMPTZ,
  is_active       BOOLEAN NOT NULL DEFAULT TRUE,   -- set FALSE once the push service answers 404/410
  failure_count   SMALLINT NOT NULL DEFAULT 0,
  last_success_at TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_push_subscriptions_user_id ON push_subscriptions (user_id) WHERE is_active;

CREATE TRIGGER tg_push_subscriptions_updated_at BEFORE UPDATE ON push_subscriptions
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE otp_codes (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id      UUID REFERENCES users (id) ON DELETE CASCADE,   -- NULL while registering
  channel      otp_channel NOT NULL,
  purpose      otp_purpose NOT NULL,
  target       TEXT NOT NULL,
  code_hash    TEXT NOT NULL,
  attempts     SMALLINT NOT NULL DEFAULT 0,
  max_attempts SMALLINT NOT NULL DEFAULT 5,
  expires_at   TIMESTAMPTZ NOT NULL,
  consumed_at  TIMESTAMPTZ,
  ip           INET,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_otp_codes_tenant_id_target_purpose_created_at ON otp_codes (tenant_id, target, purpose, created_at DESC);

-- Lives here rather than in 01 because it needs the user_role enum.
CREATE TABLE tenant_invitations (
  id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email            CITEXT,
  phone_number     TEXT,
  role             user_role NOT NULL DEFAULT 'User',
  token_hash       TEXT NOT NULL UNIQUE,
  invited_by       UUID REFERENCES users (id) ON DELETE SET NULL,
  expires_at       TIMESTAMPTZ NOT NULL,
  accepted_at      TIMESTAMPTZ,
  accepted_user_id UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT tenant_invitations_recipient_check CHECK (email IS NOT NULL OR phone_number IS NOT NULL)
);

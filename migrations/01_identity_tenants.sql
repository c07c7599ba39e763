-- 01_identity_tenants: schema identity, part 1 (tenants, white-label branding, reseller API).
-- `tenants` reproduces the upstream table column for column; everything else is designed.

SET search_path TO identity, public;

CREATE TYPE tenant_status AS ENUM ('Active', 'Trial', 'Suspended', 'Cancelled');
CREATE TYPE tenant_kind AS ENUM ('Internal', 'Reseller', 'Enterprise');
CREATE TYPE api_key_status AS ENUM ('Active', 'Revoked', 'Expired');
CREATE TYPE api_key_env AS ENUM ('Live', 'Test');
CREATE TYPE webhook_delivery_status AS ENUM ('Pending', 'Succeeded', 'Failed', 'Retrying', 'Abandoned');

CREATE TABLE tenants (
  id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  slug               CITEXT NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  kind               tenant_kind NOT NULL DEFAULT 'Reseller',
  status             tenant_status NOT NULL DEFAULT 'Trial',
  custom_domain      CITEXT UNIQUE,
  domain_verified    BOOLEAN NOT NULL DEFAULT FALSE,
  allowed_origins    TEXT[] NOT NULL DEFAULT '{}',
  contact_name       TEXT,
  contact_email      CITEXT,
  contact_phone      TEXT,
  billing_email      CITEXT,
  max_users          INT,          -- NULL = unlimited (same for the other quota columns)
  max_storage_gb     INT,
  monthly_render_qty INT,
  monthly_render_sec INT,
  trial_ends_at      TIMESTAMPTZ,
  suspended_at       TIMESTAMPTZ,
  suspension_reason  TEXT,
  metadata           JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at         TIMESTAMPTZ
);

CREATE INDEX idx_tenants_status ON tenants (status) WHERE deleted_at IS NULL;
CREATE INDEX idx_tenants_custom_domain ON tenants (custom_domain) WHERE custom_domain IS NOT NULL;

CREATE TRIGGER tg_tenants_updated_at BEFORE UPDATE ON tenants
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- kind and status are spelled out because the column defaults (Reseller/Trial) are for resellers.
INSERT INTO tenants (id, slug, name, kind, status, custom_domain)
VALUES ('00000000-0000-0000-0000-000000000001', 'flatrender', 'FlatRender', 'Internal', 'Active', 'flatrender.ir')
ON CONFLICT (id) DO NOTHING;

CREATE TABLE tenant_branding (
  tenant_id              UUID PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  brand_name             TEXT,
  brand_name_en          TEXT,
  logo_url               TEXT,
  logo_dark_url          TEXT,
  favicon_url            TEXT,
  watermark_url          TEXT,
  primary_color          CHAR(7) CHECK (primary_color ~ '^#[0-9A-Fa-f]{6}$'),
  secondary_color        CHAR(7) CHECK (secondary_color ~ '^#[0-9A-Fa-f]{6}$'),
  accent_color           CHAR(7) CHECK (accent_color ~ '^#[0-9A-Fa-f]{6}$'),
  font_family            TEXT,
  custom_css             TEXT,
  default_locale         TEXT NOT NULL DEFAULT 'fa',
  support_email          CITEXT,
  support_phone          TEXT,
  email_from_name        TEXT,
  email_from_address     CITEXT,
  sms_sender_line        TEXT,
  telegram_bot_username  TEXT,
  hide_platform_branding BOOLEAN NOT NULL DEFAULT FALSE,
  metadata               JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at             TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at             TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE TRIGGER tg_tenant_branding_updated_at BEFORE UPDATE ON tenant_branding
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE tenant_api_keys (
  id                       UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id                UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name                     TEXT NOT NULL,
  key_prefix               TEXT NOT NULL UNIQUE,
  key_hash                 TEXT NOT NULL UNIQUE,
  signing_secret_encrypted BYTEA NOT NULL,
  environment              api_key_env NOT NULL DEFAULT 'Live',
  scopes                   TEXT[] NOT NULL DEFAULT '{}',
  status                   api_key_status NOT NULL DEFAULT 'Active',
  rate_limit_per_min       INT,            -- NULL = the tenant default
  allowed_ips              CIDR[] NOT NULL DEFAULT '{}',
  last_used_at             TIMESTAMPTZ,
  last_used_ip             INET,
  expires_at               TIMESTAMPTZ,
  revoked_at               TIMESTAMPTZ,
  revoked_reason           TEXT,
  -- Its FK to users is added by 02: users does not exist yet.
  created_by               UUID,
  metadata                 JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at               TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at               TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_tenant_api_keys_tenant_id_status ON tenant_api_keys (tenant_id, status);

CREATE TRIGGER tg_tenant_api_keys_updated_at BEFORE UPDATE ON tenant_api_keys
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE tenant_webhooks (
  id                   UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id            UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- Named so a test environment that needs plain-http receivers can drop just this rule.
  url                  TEXT NOT NULL CONSTRAINT tenant_webhooks_url_https_check CHECK (url ~* '^https://'),
  description          TEXT,
  secret_encrypted     BYTEA NOT NULL,
  events               TEXT[] NOT NULL DEFAULT '{}',   -- empty = every event
  is_active            BOOLEAN NOT NULL DEFAULT TRUE,
  consecutive_failures INT NOT NULL DEFAULT 0,
  last_success_at      TIMESTAMPTZ,
  last_failure_at      TIMESTAMPTZ,
  disabled_at          TIMESTAMPTZ,
  created_at           TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at           TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at           TIMESTAMPTZ
);

CREATE INDEX idx_tenant_webhooks_tenant_id ON tenant_webhooks (tenant_id) WHERE deleted_at IS NULL AND is_active;

CREATE TRIGGER tg_tenant_webhooks_updated_at BEFORE UPDATE ON tenant_webhooks
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE tenant_webhook_deliveries (
  id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id      UUID NOT NULL REFERENCES tenant_webhooks (id) ON DELETE CASCADE,
  tenant_id       UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  event_id        UUID NOT NULL,
  event_type      TEXT NOT NULL,
  payload         JSONB NOT NULL,
  status          webhook_delivery_status NOT NULL DEFAULT 'Pending',
  attempt         SMALLINT NOT NULL DEFAULT 0,
  response_status INT,
  response_body   TEXT,
  duration_ms     INT,
  next_retry_at   TIMESTAMPTZ,
  delivered_at    TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  -- One delivery per event and endpoint: redelivered events are retried, not duplicated.
  UNIQUE (webhook_id, event_id)
);

CREATE INDEX idx_tenant_webhook_deliveries_status_next_retry_at ON tenant_webhook_deliveries (status, next_retry_at)
  WHERE status IN ('Pending', 'Retrying');

CREATE TABLE tenant_usage_daily (
  tenant_id               UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  usage_date              DATE NOT NULL,   -- Asia/Tehran calendar day
  render_jobs_count       INT NOT NULL DEFAULT 0,
  render_seconds          BIGINT NOT NULL DEFAULT 0,
  render_billable_seconds BIGINT NOT NULL DEFAULT 0,
  compute_seconds         BIGINT NOT NULL DEFAULT 0,
  api_requests            INT NOT NULL DEFAULT 0,
  api_errors              INT NOT NULL DEFAULT 0,
  storage_bytes           BIGINT NOT NULL DEFAULT 0,
  egress_bytes            BIGINT NOT NULL DEFAULT 0,
  active_users            INT NOT NULL DEFAULT 0,
  new_users               INT NOT NULL DEFAULT 0,
  amount_charged_minor    BIGINT NOT NULL DEFAULT 0,
  updated_at              TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (tenant_id, usage_date)
);

CREATE TRIGGER tg_tenant_usage_daily_updated_at BEFORE UPDATE ON tenant_usage_daily
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Monthly partitions; the partition key must be part of the PK. tenant_id and api_key_id
-- carry no FK on purpose: this is the hot write path of every Reseller API call.
CREATE TABLE tenant_api_request_logs (
  id             BIGINT GENERATED ALWAYS AS IDENTITY,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  tenant_id      UUID NOT NULL,
  api_key_id     UUID,
  request_id     UUID NOT NULL,   -- = trace_id
  method         TEXT NOT NULL,
  path           TEXT NOT NULL,   -- route template, not the raw URL
  status_code    SMALLINT NOT NULL,
  duration_ms    INT NOT NULL,
  ip             INET,
  user_agent     TEXT,
  request_bytes  INT,
  response_bytes INT,
  error_code     TEXT,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE INDEX idx_tenant_api_request_logs_tenant_id_created_at ON tenant_api_request_logs (tenant_id, created_at DESC);

SELECT public.ensure_monthly_partition('identity.tenant_api_request_logs', DATE '2026-01-01');
-- Catch-all for months not created yet; ensure_monthly_partition() moves such rows out later.
CREATE TABLE tenant_api_request_logs_default PARTITION OF tenant_api_request_logs DEFAULT;

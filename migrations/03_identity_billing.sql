-- 03_identity_billing: schema identity, part 3 (plans, pricing, discounts, payments, wallet).
-- Money is integer rial in *_minor columns; the UI's Toman is never stored.
-- Table order follows the FKs: plans, render_price_rates, discount_codes, payments,
-- user_plans, discount_redemptions, wallet_transactions.

SET search_path TO identity, public;

CREATE TYPE plan_type AS ENUM ('Subscription', 'SecondsPack', 'Enterprise', 'Free');
CREATE TYPE user_plan_status AS ENUM ('Pending', 'Active', 'Expired', 'Cancelled');
CREATE TYPE payment_status AS ENUM ('Pending', 'Succeeded', 'Failed', 'Cancelled', 'Refunded', 'PartiallyRefunded');
CREATE TYPE payment_gateway AS ENUM ('ZarinPal', 'Wallet', 'Manual', 'Broker');
CREATE TYPE payment_purpose AS ENUM ('PlanPurchase', 'WalletTopUp', 'SecondsPurchase', 'Other');
CREATE TYPE discount_type AS ENUM ('Percent', 'FixedAmount', 'BonusSeconds');
CREATE TYPE wallet_tx_type AS ENUM ('TopUp', 'PlanPurchase', 'RenderCharge', 'RenderRefund', 'AdminAdjust', 'GiftCredit', 'ReferralReward');
-- identity's own copy for pricing: enums are schema-scoped, render and studio keep theirs.
CREATE TYPE video_quality AS ENUM ('Sd480', 'Hd720', 'FullHd1080', 'Qhd1440', 'Uhd2160');

CREATE TABLE plans (
  id                     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id              UUID NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
  code                   CITEXT NOT NULL,
  name                   TEXT NOT NULL,
  name_en                TEXT,
  description            TEXT,
  plan_type              plan_type NOT NULL,
  price_minor            BIGINT NOT NULL CHECK (price_minor >= 0),
  currency               CHAR(3) NOT NULL DEFAULT 'IRR',
  duration_days          INT,      -- NULL for packs that never expire
  render_seconds_quota   INT,      -- NULL = unlimited (same for the other quotas)
  render_count_quota     INT,
  max_quality            video_quality NOT NULL DEFAULT 'FullHd1080',
  max_video_duration_sec INT,
  storage_quota_gb       INT,
  concurrent_renders     SMALLINT NOT NULL DEFAULT 1,
  render_priority        SMALLINT NOT NULL DEFAULT 0,
  watermark              BOOLEAN NOT NULL DEFAULT FALSE,
  features               JSONB NOT NULL DEFAULT '{}'::jsonb,
  is_public              BOOLEAN NOT NULL DEFAULT TRUE,
  is_active              BOOLEAN NOT NULL DEFAULT TRUE,
  sort_order             INT NOT NULL DEFAULT 0,
  metadata               JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at             TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at             TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at             TIMESTAMPTZ
);

CREATE UNIQUE INDEX idx_plans_tenant_id_code ON plans (tenant_id, code) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_plans_updated_at BEFORE UPDATE ON plans
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Price = output seconds x the quality's multiplier.
CREATE TABLE render_price_rates (
  id                     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id              UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  quality                video_quality NOT NULL,
  seconds_multiplier     NUMERIC(6,3) NOT NULL DEFAULT 1,
  price_per_second_minor BIGINT,   -- pay-as-you-go; NULL = only plan seconds
  is_active              BOOLEAN NOT NULL DEFAULT TRUE,
  created_at             TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at             TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (tenant_id, quality)
);

CREATE TRIGGER tg_render_price_rates_updated_at BEFORE UPDATE ON render_price_rates
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE discount_codes (
  id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id           UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code                CITEXT NOT NULL,
  description         TEXT,
  discount_type       discount_type NOT NULL,
  -- A percent, rial or seconds depending on discount_type.
  value               BIGINT NOT NULL,
  max_discount_minor  BIGINT,
  min_amount_minor    BIGINT,
  applicable_plan_ids UUID[] NOT NULL DEFAULT '{}',   -- empty = every plan
  max_uses            INT,                            -- NULL = unlimited
  max_uses_per_user   INT DEFAULT 1,                  -- NULL = unlimited
  used_count          INT NOT NULL DEFAULT 0,
  starts_at           TIMESTAMPTZ,
  ends_at             TIMESTAMPTZ,
  is_active           BOOLEAN NOT NULL DEFAULT TRUE,
  created_by          UUID REFERENCES users (id) ON DELETE SET NULL,
  metadata            JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at          TIMESTAMPTZ,
  CONSTRAINT discount_codes_percent_check CHECK (discount_type <> 'Percent' OR value BETWEEN 1 AND 100)
);

CREATE UNIQUE INDEX idx_discount_codes_tenant_id_code ON discount_codes (tenant_id, code) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_discount_codes_updated_at BEFORE UPDATE ON discount_codes
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Shaped after ZarinPal v4: request -> StartPay(authority) -> verify(ref_id, code 100/101).
CREATE TABLE payments (
  id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id           UUID NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
  user_id             UUID NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  purpose             payment_purpose NOT NULL,
  plan_id             UUID REFERENCES plans (id) ON DELETE RESTRICT,
  discount_code_id    UUID REFERENCES discount_codes (id) ON DELETE SET NULL,
  gateway             payment_gateway NOT NULL DEFAULT 'ZarinPal',
  status              payment_status NOT NULL DEFAULT 'Pending',
  amount_minor        BIGINT NOT NULL CHECK (amount_minor > 0),
  discount_minor      BIGINT NOT NULL DEFAULT 0,
  tax_minor           BIGINT NOT NULL DEFAULT 0,   -- Iranian VAT
  payable_minor       BIGINT NOT NULL,
  currency            CHAR(3) NOT NULL DEFAULT 'IRR',
  authority           TEXT,
  ref_id              TEXT,
  gateway_code        INT,
  gateway_message     TEXT,
  card_pan_masked     TEXT,
  card_hash           TEXT,
  callback_url        TEXT,
  description         TEXT,
  client_ip           INET,
  paid_at             TIMESTAMPTZ,
  failed_at           TIMESTAMPTZ,
  refunded_at         TIMESTAMPTZ,
  refund_amount_minor BIGINT NOT NULL DEFAULT 0,
  metadata            JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at          TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT payments_payable_check CHECK (payable_minor = amount_minor - discount_minor + tax_minor)
);

-- The gateway callback carries only the authority, so it must resolve to exactly one payment.
CREATE UNIQUE INDEX idx_payments_gateway_authority ON payments (gateway, authority) WHERE authority IS NOT NULL;
CREATE INDEX idx_payments_tenant_id_created_at ON payments (tenant_id, created_at DESC);
CREATE INDEX idx_payments_user_id_created_at ON payments (user_id, created_at DESC);
CREATE INDEX idx_payments_status ON payments (status) WHERE status = 'Pending';

CREATE TRIGGER tg_payments_updated_at BEFORE UPDATE ON payments
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE user_plans (
  id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  plan_id       UUID NOT NULL REFERENCES plans (id) ON DELETE RESTRICT,
  status        user_plan_status NOT NULL DEFAULT 'Pending',
  starts_at     TIMESTAMPTZ NOT NULL,
  expires_at    TIMESTAMPTZ,
  seconds_total BIGINT NOT NULL DEFAULT 0,   -- 0 = unlimited
  seconds_used  BIGINT NOT NULL DEFAULT 0,
  renders_used  INT NOT NULL DEFAULT 0,
  payment_id    UUID REFERENCES payments (id) ON DELETE SET NULL,
  granted_by    UUID REFERENCES users (id) ON DELETE SET NULL,   -- admin grant-plan
  auto_renew    BOOLEAN NOT NULL DEFAULT FALSE,
  cancelled_at  TIMESTAMPTZ,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT user_plans_seconds_check CHECK (seconds_total = 0 OR seconds_used <= seconds_total)
);

CREATE INDEX idx_user_plans_user_id_status_expires_at ON user_plans (user_id, status, expires_at);
CREATE UNIQUE INDEX idx_user_plans_user_id_plan_id ON user_plans (user_id, plan_id) WHERE status = 'Active';

CREATE TRIGGER tg_user_plans_updated_at BEFORE UPDATE ON user_plans
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE discount_redemptions (
  id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  discount_code_id UUID NOT NULL REFERENCES discount_codes (id) ON DELETE CASCADE,
  user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  payment_id       UUID NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
  amount_minor     BIGINT NOT NULL DEFAULT 0,
  redeemed_at      TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (discount_code_id, payment_id)
);

-- Append-only ledger of both balances (rial and render seconds); rows are never updated,
-- hence no updated_at. Amounts are signed: + credit, - debit.
CREATE TABLE wallet_transactions (
  id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id             UUID NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
  user_id               UUID NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
  tx_type               wallet_tx_type NOT NULL,
  amount_minor          BIGINT NOT NULL DEFAULT 0,
  seconds_delta         BIGINT NOT NULL DEFAULT 0,
  balance_after_minor   BIGINT NOT NULL,
  seconds_balance_after BIGINT NOT NULL,
  payment_id            UUID REFERENCES payments (id) ON DELETE SET NULL,
  render_job_id         UUID,   -- soft ref -> render.render_jobs (another schema: no FK)
  description           TEXT,   -- Persian, shown to the user
  created_by            UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at            TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CONSTRAINT wallet_transactions_nonzero_check CHECK (amount_minor <> 0 OR seconds_delta <> 0)
);

CREATE INDEX idx_wallet_transactions_user_id_created_at ON wallet_transactions (user_id, created_at DESC);
-- At most one charge and one refund per render job, so a redelivered event cannot bill twice.
CREATE UNIQUE INDEX idx_wallet_transactions_render_job_id_tx_type ON wallet_transactions (render_job_id, tx_type)
  WHERE render_job_id IS NOT NULL;

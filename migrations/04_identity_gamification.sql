-- 04_identity_gamification: schema identity, part 4 (XP, levels, quests, gifts, referrals).
-- Table order follows the FKs: gifts, levels, quests, user_quest_progress, user_xp,
-- xp_events, earned_gifts, referrals.

SET search_path TO identity, public;

CREATE TYPE quest_period AS ENUM ('Once', 'Daily', 'Weekly', 'Monthly');
CREATE TYPE gift_type AS ENUM ('RenderSeconds', 'WalletCredit', 'DiscountCode', 'PlanDays', 'Badge');
CREATE TYPE gift_status AS ENUM ('Pending', 'Claimed', 'Expired', 'Revoked');
CREATE TYPE gift_source AS ENUM ('Quest', 'LevelUp', 'Referral', 'Admin', 'Campaign', 'Signup');
CREATE TYPE referral_status AS ENUM ('Pending', 'Qualified', 'Rewarded');

-- Gift catalog.
CREATE TABLE gifts (
  id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code               CITEXT NOT NULL,
  title              TEXT NOT NULL,
  description        TEXT,
  gift_type          gift_type NOT NULL,
  value              BIGINT NOT NULL,   -- seconds, rial or days depending on gift_type
  discount_code_id   UUID REFERENCES discount_codes (id) ON DELETE SET NULL,
  plan_id            UUID REFERENCES plans (id) ON DELETE RESTRICT,   -- for PlanDays
  expires_after_days INT,
  is_active          BOOLEAN NOT NULL DEFAULT TRUE,
  metadata           JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at         TIMESTAMPTZ
);

CREATE UNIQUE INDEX idx_gifts_tenant_id_code ON gifts (tenant_id, code) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_gifts_updated_at BEFORE UPDATE ON gifts
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE levels (
  id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  level_number   INT NOT NULL,
  title          TEXT NOT NULL,
  title_en       TEXT,
  min_xp         INT NOT NULL,
  icon_url       TEXT,
  reward_gift_id UUID REFERENCES gifts (id) ON DELETE SET NULL,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (tenant_id, level_number),
  UNIQUE (tenant_id, min_xp)
);

CREATE TRIGGER tg_levels_updated_at BEFORE UPDATE ON levels
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE quests (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code         CITEXT NOT NULL,
  title        TEXT NOT NULL,
  description  TEXT,
  period       quest_period NOT NULL,
  -- Event routing key that counts as progress, e.g. render.job.completed.v1.
  action_key   TEXT NOT NULL,
  target_count INT NOT NULL DEFAULT 1,
  xp_reward    INT NOT NULL DEFAULT 0,
  gift_id      UUID REFERENCES gifts (id) ON DELETE SET NULL,
  starts_at    TIMESTAMPTZ,
  ends_at      TIMESTAMPTZ,
  is_active    BOOLEAN NOT NULL DEFAULT TRUE,
  sort_order   INT NOT NULL DEFAULT 0,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at   TIMESTAMPTZ
);

CREATE UNIQUE INDEX idx_quests_tenant_id_code ON quests (tenant_id, code) WHERE deleted_at IS NULL;
-- The event consumer looks up which active quests an incoming routing key advances.
CREATE INDEX idx_quests_tenant_id_action_key ON quests (tenant_id, action_key) WHERE is_active;

CREATE TRIGGER tg_quests_updated_at BEFORE UPDATE ON quests
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE user_quest_progress (
  id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id      UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id        UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  quest_id       UUID NOT NULL REFERENCES quests (id) ON DELETE CASCADE,
  -- One row per period instance: 'once', '2026-06-03', '2026-W23', '2026-06'.
  period_key     TEXT NOT NULL,
  progress_count INT NOT NULL DEFAULT 0,
  completed_at   TIMESTAMPTZ,
  claimed_at     TIMESTAMPTZ,
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (user_id, quest_id, period_key)
);

CREATE TRIGGER tg_user_quest_progress_updated_at BEFORE UPDATE ON user_quest_progress
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE user_xp (
  user_id             UUID PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  tenant_id           UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  total_xp            BIGINT NOT NULL DEFAULT 0,
  level_id            UUID REFERENCES levels (id) ON DELETE SET NULL,
  current_streak_days INT NOT NULL DEFAULT 0,
  longest_streak_days INT NOT NULL DEFAULT 0,
  last_activity_date  DATE,
  updated_at          TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_user_xp_tenant_id_total_xp ON user_xp (tenant_id, total_xp DESC);

CREATE TRIGGER tg_user_xp_updated_at BEFORE UPDATE ON user_xp
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE xp_events (
  id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  source_event TEXT NOT NULL,   -- routing key
  source_id    UUID NOT NULL,   -- e.g. the render job id
  xp           INT NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  -- Makes event consumption idempotent: a redelivered event cannot award XP twice.
  UNIQUE (user_id, source_event, source_id)
);

CREATE TABLE earned_gifts (
  id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id             UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id               UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  gift_id               UUID NOT NULL REFERENCES gifts (id) ON DELETE RESTRICT,
  source                gift_source NOT NULL,
  quest_id              UUID REFERENCES quests (id) ON DELETE SET NULL,
  level_id              UUID REFERENCES levels (id) ON DELETE SET NULL,
  status                gift_status NOT NULL DEFAULT 'Pending',
  -- Snapshot at award time, so later catalog edits do not change what was earned.
  gift_type             gift_type NOT NULL,
  value                 BIGINT NOT NULL,
  earned_at             TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  claimed_at            TIMESTAMPTZ,
  expires_at            TIMESTAMPTZ,
  wallet_transaction_id UUID REFERENCES wallet_transactions (id) ON DELETE SET NULL,
  -- The platform's one hard cross-schema FK (-> notification.notifications, ON DELETE SET NULL)
  -- is added at the end of 14: that table does not exist yet when this file runs.
  notification_id       UUID,
  created_at            TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at            TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_earned_gifts_user_id_status ON earned_gifts (user_id, status);
-- Lets the SET NULL on notification delete (FK from 14) find referencing gifts without a scan.
CREATE INDEX idx_earned_gifts_notification_id ON earned_gifts (notification_id) WHERE notification_id IS NOT NULL;

CREATE TRIGGER tg_earned_gifts_updated_at BEFORE UPDATE ON earned_gifts
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Complements users.affiliate_owner_id with the reward lifecycle; a user is referred at most once.
CREATE TABLE referrals (
  id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id             UUID NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  referrer_user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  referred_user_id      UUID NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  status                referral_status NOT NULL DEFAULT 'Pending',
  qualified_at          TIMESTAMPTZ,
  reward_earned_gift_id UUID REFERENCES earned_gifts (id) ON DELETE SET NULL,
  created_at            TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

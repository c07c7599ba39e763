-- 14_notification: schema notification (in-app, push, email, SMS, Telegram), then the one
-- hard cross-schema FK identity.earned_gifts.notification_id -> notification.notifications.
SET search_path TO notification, public;

-- Labels come from the notification event contract; note 'SMS' is all caps there.
CREATE TYPE notification_type AS ENUM (
  'RenderCompleted', 'RenderFailed', 'RenderProgress', 'PlanExpiring', 'PlanExpired', 'PaymentSuccess',
  'PaymentFailed', 'StorageWarning', 'StorageFull', 'ExportExpiring', 'ExportDeleted', 'GiftEarned',
  'QuestCompleted', 'LevelUp', 'AccountSecurity', 'SystemAnnouncement', 'TenantInvite', 'Marketing', 'Other'
);
CREATE TYPE notification_priority AS ENUM ('Low', 'Normal', 'High', 'Urgent');
CREATE TYPE notification_channel AS ENUM ('InApp', 'Push', 'Email', 'SMS', 'Telegram', 'Webhook');
CREATE TYPE delivery_status AS ENUM ('Pending', 'Sent', 'Delivered', 'Failed', 'Skipped');

CREATE TABLE notifications (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  notification_type notification_type NOT NULL,
  priority notification_priority NOT NULL DEFAULT 'Normal',
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  action_url TEXT NULL,
  channels notification_channel[] NOT NULL DEFAULT '{InApp}',
  icon_url TEXT NULL,
  data JSONB NOT NULL DEFAULT '{}'::jsonb,
  -- The envelope event_id that caused this row: a redelivered event hits the UNIQUE instead of notifying twice.
  source_event_id UUID NULL UNIQUE,
  is_read BOOLEAN NOT NULL DEFAULT FALSE,
  read_at TIMESTAMPTZ NULL,
  archived_at TIMESTAMPTZ NULL,
  expires_at TIMESTAMPTZ NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE INDEX idx_notifications_user_id_created_at ON notifications (user_id, created_at DESC)
  WHERE deleted_at IS NULL;
-- Unread badge count.
CREATE INDEX idx_notifications_user_id ON notifications (user_id) WHERE NOT is_read AND deleted_at IS NULL;

CREATE TABLE notification_deliveries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id UUID NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  channel notification_channel NOT NULL,
  status delivery_status NOT NULL DEFAULT 'Pending',
  provider TEXT NULL,
  provider_message_id TEXT NULL,
  recipient TEXT NULL,
  attempt SMALLINT NOT NULL DEFAULT 0,
  error_message TEXT NULL,
  next_retry_at TIMESTAMPTZ NULL,
  sent_at TIMESTAMPTZ NULL,
  delivered_at TIMESTAMPTZ NULL,
  failed_at TIMESTAMPTZ NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  -- One row per channel; retries update it (attempt, next_retry_at) rather than adding rows.
  UNIQUE (notification_id, channel)
);

-- Retry worker scan.
CREATE INDEX idx_notification_deliveries_status_next_retry_at ON notification_deliveries (status, next_retry_at)
  WHERE status IN ('Pending', 'Failed');

-- Lookup: the (type, channel) row, else the (NULL type, channel) row, else the built-in default.
CREATE TABLE notification_preferences (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  channel notification_channel NOT NULL,
  -- NULL = this user's channel-wide default.
  notification_type notification_type NULL,
  is_enabled BOOLEAN NOT NULL DEFAULT TRUE,
  -- Local wall-clock times in timezone (no SMS at night).
  quiet_hours_start TIME NULL,
  quiet_hours_end TIME NULL,
  timezone TEXT NOT NULL DEFAULT 'Asia/Tehran',
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  -- NULLS NOT DISTINCT: only one channel-wide default row per user and channel.
  UNIQUE NULLS NOT DISTINCT (user_id, channel, notification_type)
);

CREATE TRIGGER tg_notification_preferences_updated_at BEFORE UPDATE ON notification_preferences
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- The default tenant's rows are the fallback for tenants that define no template of their own.
CREATE TABLE notification_templates (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  notification_type notification_type NOT NULL,
  channel notification_channel NOT NULL,
  locale TEXT NOT NULL DEFAULT 'fa',
  subject TEXT NULL,
  -- {{placeholder}} syntax.
  body TEXT NOT NULL,
  -- Provider-side template name, e.g. a Kavenegar verify/lookup template.
  provider_template_code TEXT NULL,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (tenant_id, notification_type, channel, locale)
);

CREATE TRIGGER tg_notification_templates_updated_at BEFORE UPDATE ON notification_templates
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE telegram_links (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  chat_id BIGINT NOT NULL,
  username TEXT NULL,
  -- Hash of the deep-link token the user sends as '/start <token>'.
  link_token_hash TEXT NULL UNIQUE,
  linked_at TIMESTAMPTZ NULL,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (tenant_id, chat_id)
);

-- A user has at most one active Telegram chat; deactivated links stay as history.
CREATE UNIQUE INDEX idx_telegram_links_user_id ON telegram_links (user_id) WHERE is_active;

CREATE TRIGGER tg_telegram_links_updated_at BEFORE UPDATE ON telegram_links
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- The one hard cross-schema FK (spec section 3). It lives here because 04, which
-- creates earned_gifts.notification_id (and its index), runs before this table exists.
-- SET NULL: notification retention may purge a notification; the gift must outlive it.
-- DEFERRABLE INITIALLY IMMEDIATE: a dangling id is rejected at once by default, yet a
-- factory may SET CONSTRAINTS ... DEFERRED to write the gift before its notification.
ALTER TABLE identity.earned_gifts
  ADD CONSTRAINT fk_earned_gifts_notification
    FOREIGN KEY (notification_id) REFERENCES notification.notifications (id)
    ON DELETE SET NULL
    DEFERRABLE INITIALLY IMMEDIATE;

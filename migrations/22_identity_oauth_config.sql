-- 22_identity_oauth_config: OAuth sign-in settings, edited from the admin panel.
-- Keeps upstream's number 22; the run order is purely numeric, so the gap 15-21 is harmless.
-- The signed-in user is linked through identity.users.google_sub, created in 02.

SET search_path TO identity, public;

-- Upstream implements Google only; an enum still leaves room for Apple/GitHub later.
CREATE TYPE oauth_provider AS ENUM ('Google');

CREATE TABLE oauth_config (
  id                      UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Upstream has one config per provider; the default tenant's row plays that role.
  tenant_id               UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000001'
                            REFERENCES tenants (id) ON DELETE CASCADE,
  provider                oauth_provider NOT NULL,
  client_id               TEXT NOT NULL,
  client_secret_encrypted BYTEA NOT NULL,   -- masked on read by the admin API
  redirect_uri            TEXT NOT NULL,
  scopes                  TEXT[] NOT NULL DEFAULT '{openid,email,profile}',
  is_enabled              BOOLEAN NOT NULL DEFAULT FALSE,
  updated_by              UUID REFERENCES users (id) ON DELETE SET NULL,
  created_at              TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at              TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (tenant_id, provider)
);

CREATE TRIGGER tg_oauth_config_updated_at BEFORE UPDATE ON oauth_config
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

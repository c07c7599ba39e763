-- 13_file_manager: schema file_mgr: folders, files, quotas, multipart uploads, cleanup scheduler, share links.
SET search_path TO file_mgr, public;

CREATE TYPE file_kind AS ENUM ('Image', 'Video', 'Audio', 'Font', 'Aep', 'Archive', 'Document', 'Other');
CREATE TYPE file_status AS ENUM ('Pending', 'Active', 'Quarantined', 'Deleted', 'Purged');
CREATE TYPE file_source AS ENUM ('Upload', 'RenderExport', 'Voiceover', 'System', 'Import');
CREATE TYPE storage_backend AS ENUM ('Minio', 'S3', 'Local');
CREATE TYPE upload_session_status AS ENUM ('Initiated', 'Uploading', 'Completing', 'Completed', 'Aborted', 'Expired');
CREATE TYPE cleanup_target AS ENUM ('ExpiredExports', 'StaleUploadSessions', 'SoftDeletedFiles', 'RenderFrameChunks', 'OrphanObjects', 'ExpiredSnapshots');
CREATE TYPE cleanup_run_status AS ENUM ('Running', 'Succeeded', 'Failed');

CREATE TABLE folders (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  parent_id UUID NULL REFERENCES folders (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- Materialised '/a/b', so a subtree is one prefix match instead of a recursive walk.
  path TEXT NOT NULL,
  -- System folders (Exports, Voiceovers) are created by the services, not by the user.
  is_system BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

-- NULLS NOT DISTINCT: root folders (parent_id NULL) must be unique by name too.
CREATE UNIQUE INDEX idx_folders_user_id_parent_id_name ON folders (user_id, parent_id, name) NULLS NOT DISTINCT
  WHERE deleted_at IS NULL;

CREATE TRIGGER tg_folders_updated_at BEFORE UPDATE ON folders
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE files (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  folder_id UUID NULL REFERENCES folders (id) ON DELETE SET NULL,
  original_name TEXT NOT NULL,
  storage_backend storage_backend NOT NULL DEFAULT 'Minio',
  bucket TEXT NOT NULL,
  object_key TEXT NOT NULL,
  mime_type TEXT NULL,
  kind file_kind NOT NULL,
  size_bytes BIGINT NOT NULL,
  checksum_md5 CHAR(32) NULL,
  checksum_sha256 CHAR(64) NULL,
  width INT NULL,
  height INT NULL,
  duration_ms INT NULL,
  thumbnail_url TEXT NULL,
  status file_status NOT NULL DEFAULT 'Pending',
  source file_source NOT NULL DEFAULT 'Upload',
  -- Soft link to the owning record in another service (e.g. ref_type 'render.exports').
  ref_type TEXT NULL,
  ref_id UUID NULL,
  is_public BOOLEAN NOT NULL DEFAULT FALSE,
  expires_at TIMESTAMPTZ NULL,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL,
  purged_at TIMESTAMPTZ NULL,
  -- Not partial on deleted_at: a soft-deleted row still owns its object until it is purged.
  UNIQUE (bucket, object_key)
);

CREATE INDEX idx_files_tenant_id_user_id_created_at ON files (tenant_id, user_id, created_at DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX idx_files_folder_id ON files (folder_id);
CREATE INDEX idx_files_expires_at ON files (expires_at) WHERE expires_at IS NOT NULL;

CREATE TRIGGER tg_files_updated_at BEFORE UPDATE ON files
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE storage_quotas (
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  -- NULL = unlimited; filled from the user's plan (storage_quota_gb).
  quota_bytes BIGINT NULL,
  used_bytes BIGINT NOT NULL DEFAULT 0,
  file_count INT NOT NULL DEFAULT 0,
  warning_threshold_pct SMALLINT NOT NULL DEFAULT 80,
  -- Remember when StorageWarning / StorageFull went out, so each is sent once per crossing.
  warning_sent_at TIMESTAMPTZ NULL,
  full_sent_at TIMESTAMPTZ NULL,
  recalculated_at TIMESTAMPTZ NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (tenant_id, user_id),
  CHECK (used_bytes >= 0)
);

CREATE TRIGGER tg_storage_quotas_updated_at BEFORE UPDATE ON storage_quotas
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- S3/MinIO multipart upload; id is the uploadId handed to the client.
CREATE TABLE upload_sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  folder_id UUID NULL REFERENCES folders (id) ON DELETE SET NULL,
  file_id UUID NULL REFERENCES files (id) ON DELETE SET NULL,
  file_name TEXT NOT NULL,
  mime_type TEXT NULL,
  total_size_bytes BIGINT NOT NULL CHECK (total_size_bytes > 0),
  -- 5 MiB, the S3 minimum part size.
  part_size_bytes INT NOT NULL DEFAULT 5242880,
  part_count INT NOT NULL,
  parts_completed INT NOT NULL DEFAULT 0,
  storage_backend storage_backend NOT NULL DEFAULT 'Minio',
  bucket TEXT NOT NULL,
  object_key TEXT NOT NULL,
  provider_upload_id TEXT NULL,
  checksum_expected TEXT NULL,
  status upload_session_status NOT NULL DEFAULT 'Initiated',
  expires_at TIMESTAMPTZ NOT NULL DEFAULT NOW() + INTERVAL '24 hours',
  completed_at TIMESTAMPTZ NULL,
  aborted_at TIMESTAMPTZ NULL,
  error_message TEXT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_upload_sessions_tenant_id_user_id_created_at ON upload_sessions (tenant_id, user_id, created_at DESC);
-- StaleUploadSessions cleanup target.
CREATE INDEX idx_upload_sessions_expires_at ON upload_sessions (expires_at)
  WHERE status IN ('Initiated', 'Uploading');

CREATE TRIGGER tg_upload_sessions_updated_at BEFORE UPDATE ON upload_sessions
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE upload_session_parts (
  session_id UUID NOT NULL REFERENCES upload_sessions (id) ON DELETE CASCADE,
  -- S3 allows part numbers 1..10000.
  part_number INT NOT NULL CHECK (part_number BETWEEN 1 AND 10000),
  etag TEXT NOT NULL,
  size_bytes BIGINT NULL,
  checksum_md5 CHAR(32) NULL,
  uploaded_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  PRIMARY KEY (session_id, part_number)
);

CREATE TABLE cleanup_schedules (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL = platform-wide schedule covering every tenant.
  tenant_id UUID NULL,
  name TEXT NOT NULL,
  target cleanup_target NOT NULL,
  cron_expr TEXT NOT NULL,
  timezone TEXT NOT NULL DEFAULT 'Asia/Tehran',
  retention_days INT NOT NULL CHECK (retention_days >= 0),
  batch_size INT NOT NULL DEFAULT 1000,
  dry_run BOOLEAN NOT NULL DEFAULT FALSE,
  is_enabled BOOLEAN NOT NULL DEFAULT TRUE,
  last_run_at TIMESTAMPTZ NULL,
  next_run_at TIMESTAMPTZ NULL,
  -- Lease so that only one cleanup worker runs a schedule at a time.
  lock_owner TEXT NULL,
  locked_until TIMESTAMPTZ NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  -- NULLS NOT DISTINCT: platform-wide schedules (tenant_id NULL) must be unique too.
  UNIQUE NULLS NOT DISTINCT (tenant_id, target, name)
);

CREATE INDEX idx_cleanup_schedules_next_run_at ON cleanup_schedules (next_run_at) WHERE is_enabled;

CREATE TRIGGER tg_cleanup_schedules_updated_at BEFORE UPDATE ON cleanup_schedules
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE cleanup_runs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  schedule_id UUID NOT NULL REFERENCES cleanup_schedules (id) ON DELETE CASCADE,
  status cleanup_run_status NOT NULL DEFAULT 'Running',
  started_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  finished_at TIMESTAMPTZ NULL,
  items_scanned INT NOT NULL DEFAULT 0,
  items_deleted INT NOT NULL DEFAULT 0,
  bytes_freed BIGINT NOT NULL DEFAULT 0,
  dry_run BOOLEAN NOT NULL DEFAULT FALSE,
  error_message TEXT NULL,
  details JSONB NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX idx_cleanup_runs_schedule_id_started_at ON cleanup_runs (schedule_id, started_at DESC);

-- Public share links; only a hash of the token is stored.
CREATE TABLE file_shares (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  file_id UUID NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at TIMESTAMPTZ NULL,
  -- NULL = unlimited.
  max_downloads INT NULL,
  download_count INT NOT NULL DEFAULT 0,
  created_by UUID NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Not in the spec: the file_id FK (CASCADE) and "shares of this file" both need it.
CREATE INDEX idx_file_shares_file_id ON file_shares (file_id);

-- 12_render_jobs: schema render, part 2: jobs, step events, frame repair, snapshots, frame jobs, exports.
-- Creation order follows the FKs: frame_jobs references both frame_repair_jobs and snapshots.
SET search_path TO render, public;

CREATE TYPE render_job_status AS ENUM ('Queued', 'Running', 'Completed', 'Failed', 'Cancelled');
CREATE TYPE render_step AS ENUM ('Queued', 'Preparing', 'Rendering', 'Validating', 'Repairing', 'Encoding', 'Uploading', 'Done');
CREATE TYPE render_source AS ENUM ('Web', 'ResellerApi', 'Admin', 'System');
-- render's own copy: enums are schema-scoped and render must not depend on identity or studio types.
CREATE TYPE video_quality AS ENUM ('Sd480', 'Hd720', 'FullHd1080', 'Qhd1440', 'Uhd2160');
CREATE TYPE frame_job_status AS ENUM ('Pending', 'Assigned', 'Rendering', 'Done', 'Failed', 'Reassigned', 'Cancelled');
CREATE TYPE frame_repair_status AS ENUM ('Pending', 'Running', 'Succeeded', 'Failed');
CREATE TYPE snapshot_status AS ENUM ('Pending', 'Rendering', 'Ready', 'Failed', 'Stale');
CREATE TYPE export_status AS ENUM ('Processing', 'Ready', 'Failed', 'Expired', 'Deleted');

CREATE TABLE render_jobs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  saved_project_id UUID NULL,
  project_id UUID NOT NULL,
  container_id UUID NULL,
  api_key_id UUID NULL,
  source render_source NOT NULL DEFAULT 'Web',
  external_ref TEXT NULL,
  idempotency_key TEXT NULL,
  status render_job_status NOT NULL DEFAULT 'Queued',
  step render_step NOT NULL DEFAULT 'Queued',
  progress SMALLINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  priority SMALLINT NOT NULL DEFAULT 0,
  quality video_quality NOT NULL,
  width INT NOT NULL,
  height INT NOT NULL,
  fps NUMERIC(6,3) NOT NULL,
  duration_sec NUMERIC(8,3) NOT NULL,
  total_frames INT NOT NULL,
  frames_done INT NOT NULL DEFAULT 0,
  chunk_size INT NOT NULL DEFAULT 30,
  template_md5 CHAR(32) NULL,
  has_voiceover BOOLEAN NOT NULL DEFAULT FALSE,
  -- Copied from the saved project at submit time, so a later studio edit cannot change a queued render.
  music_volume NUMERIC(4,3) NOT NULL DEFAULT 1,
  sfx_volume NUMERIC(4,3) NOT NULL DEFAULT 1,
  voiceover_volume NUMERIC(4,3) NOT NULL DEFAULT 1,
  audio_mix JSONB NOT NULL DEFAULT '{}'::jsonb,
  config JSONB NOT NULL,
  billable_seconds INT NOT NULL DEFAULT 0,
  cost_minor BIGINT NOT NULL DEFAULT 0,
  charged_at TIMESTAMPTZ NULL,
  refund_amount_minor BIGINT NOT NULL DEFAULT 0,
  refunded_at TIMESTAMPTZ NULL,
  compute_seconds INT NOT NULL DEFAULT 0,
  active_nodes SMALLINT NOT NULL DEFAULT 0,
  eta_seconds INT NULL,
  attempt SMALLINT NOT NULL DEFAULT 1,
  max_attempts SMALLINT NOT NULL DEFAULT 3,
  retry_of_job_id UUID NULL REFERENCES render_jobs (id) ON DELETE SET NULL,
  cancel_reason TEXT NULL,
  cancelled_by UUID NULL,
  error_code TEXT NULL,
  error_message TEXT NULL,
  queued_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  started_at TIMESTAMPTZ NULL,
  completed_at TIMESTAMPTZ NULL,
  failed_at TIMESTAMPTZ NULL,
  cancelled_at TIMESTAMPTZ NULL,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL,
  CHECK (frames_done <= total_frames),
  CHECK (refund_amount_minor <= cost_minor)
);

CREATE UNIQUE INDEX idx_render_jobs_tenant_id_idempotency_key ON render_jobs (tenant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX idx_render_jobs_tenant_id_user_id_created_at ON render_jobs (tenant_id, user_id, created_at DESC);
-- Dispatcher queue scan.
CREATE INDEX idx_render_jobs_status_priority_queued_at ON render_jobs (status, priority DESC, queued_at)
  WHERE status IN ('Queued', 'Running');
CREATE INDEX idx_render_jobs_saved_project_id ON render_jobs (saved_project_id);

CREATE TRIGGER tg_render_jobs_updated_at BEFORE UPDATE ON render_jobs
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Step-transition log behind the WS step_change message; a reconnecting client replays it by id.
CREATE TABLE render_job_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  render_job_id UUID NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
  from_step render_step NULL,
  to_step render_step NOT NULL,
  progress SMALLINT NULL,
  node_id UUID NULL REFERENCES nodes (id) ON DELETE SET NULL,
  message TEXT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_render_job_events_render_job_id_id ON render_job_events (render_job_id, id);

CREATE TABLE frame_repair_jobs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  render_job_id UUID NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
  tenant_id UUID NOT NULL,
  attempt SMALLINT NOT NULL DEFAULT 1,
  max_attempts SMALLINT NOT NULL DEFAULT 3,
  missing_frames INT[] NOT NULL DEFAULT '{}',
  corrupt_frames INT[] NOT NULL DEFAULT '{}',
  status frame_repair_status NOT NULL DEFAULT 'Pending',
  node_id UUID NULL REFERENCES nodes (id) ON DELETE SET NULL,
  detected_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  started_at TIMESTAMPTZ NULL,
  completed_at TIMESTAMPTZ NULL,
  error_message TEXT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (render_job_id, attempt),
  -- A repair job with nothing to repair is a bug in the Validating step.
  CHECK (cardinality(missing_frames) + cardinality(corrupt_frames) > 0),
  CHECK (attempt <= max_attempts)
);

CREATE TRIGGER tg_frame_repair_jobs_updated_at BEFORE UPDATE ON frame_repair_jobs
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- A rendered scene segment, reused by any later job of the same tenant with the same cache_key.
CREATE TABLE snapshots (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  cache_key TEXT NOT NULL,
  project_id UUID NOT NULL,
  scene_id UUID NULL,
  scene_key TEXT NOT NULL,
  template_md5 CHAR(32) NOT NULL,
  quality video_quality NOT NULL,
  source_render_job_id UUID NULL REFERENCES render_jobs (id) ON DELETE SET NULL,
  status snapshot_status NOT NULL DEFAULT 'Pending',
  frame_count INT NULL,
  duration_sec NUMERIC(8,3) NULL,
  segment_url TEXT NULL,
  thumbnail_url TEXT NULL,
  size_bytes BIGINT NULL,
  hit_count INT NOT NULL DEFAULT 0,
  last_hit_at TIMESTAMPTZ NULL,
  expires_at TIMESTAMPTZ NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (tenant_id, cache_key)
);

CREATE INDEX idx_snapshots_project_id_scene_key ON snapshots (project_id, scene_key);
-- ExpiredSnapshots cleanup target.
CREATE INDEX idx_snapshots_expires_at ON snapshots (expires_at) WHERE status = 'Ready';

CREATE TRIGGER tg_snapshots_updated_at BEFORE UPDATE ON snapshots
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE frame_jobs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  render_job_id UUID NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
  tenant_id UUID NOT NULL,
  chunk_index INT NOT NULL,
  -- Inclusive frame range.
  start_frame INT NOT NULL,
  end_frame INT NOT NULL,
  status frame_job_status NOT NULL DEFAULT 'Pending',
  node_id UUID NULL REFERENCES nodes (id) ON DELETE SET NULL,
  attempt SMALLINT NOT NULL DEFAULT 1,
  repair_job_id UUID NULL REFERENCES frame_repair_jobs (id) ON DELETE SET NULL,
  -- Set when the chunk was satisfied from a cached snapshot instead of being rendered.
  snapshot_id UUID NULL REFERENCES snapshots (id) ON DELETE SET NULL,
  assigned_at TIMESTAMPTZ NULL,
  started_at TIMESTAMPTZ NULL,
  finished_at TIMESTAMPTZ NULL,
  render_ms INT NULL,
  output_prefix TEXT NULL,
  error_message TEXT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (render_job_id, chunk_index, attempt),
  CHECK (end_frame >= start_frame)
);

CREATE INDEX idx_frame_jobs_status_created_at ON frame_jobs (status, created_at)
  WHERE status IN ('Pending', 'Assigned');
CREATE INDEX idx_frame_jobs_node_id ON frame_jobs (node_id) WHERE status IN ('Assigned', 'Rendering');
-- Not in the spec: lets the snapshot cleanup's ON DELETE SET NULL find referencing chunks without a scan.
CREATE INDEX idx_frame_jobs_snapshot_id ON frame_jobs (snapshot_id) WHERE snapshot_id IS NOT NULL;

CREATE TRIGGER tg_frame_jobs_updated_at BEFORE UPDATE ON frame_jobs
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE render_job_snapshots (
  render_job_id UUID NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
  snapshot_id UUID NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
  scene_index INT NOT NULL,
  -- TRUE = cache hit (the snapshot came from an earlier job).
  reused BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (render_job_id, scene_index)
);

-- Not in the spec: the PK does not lead with snapshot_id, and the snapshot cleanup cascades through it.
CREATE INDEX idx_render_job_snapshots_snapshot_id ON render_job_snapshots (snapshot_id);

CREATE TABLE exports (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  render_job_id UUID NOT NULL UNIQUE REFERENCES render_jobs (id) ON DELETE CASCADE,
  saved_project_id UUID NULL,
  file_id UUID NULL,
  object_key TEXT NOT NULL,
  output_url TEXT NULL,
  thumbnail_url TEXT NULL,
  container_format TEXT NOT NULL DEFAULT 'mp4',
  video_codec TEXT NOT NULL DEFAULT 'h264',
  quality video_quality NOT NULL,
  width INT NOT NULL,
  height INT NOT NULL,
  fps NUMERIC(6,3) NOT NULL,
  duration_sec NUMERIC(8,3) NOT NULL,
  size_bytes BIGINT NOT NULL,
  has_watermark BOOLEAN NOT NULL DEFAULT FALSE,
  status export_status NOT NULL DEFAULT 'Processing',
  download_count INT NOT NULL DEFAULT 0,
  -- Drives the ExportExpiring / ExportDeleted notifications.
  expires_at TIMESTAMPTZ NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE INDEX idx_exports_tenant_id_user_id_created_at ON exports (tenant_id, user_id, created_at DESC);
CREATE INDEX idx_exports_expires_at ON exports (expires_at) WHERE status = 'Ready';

CREATE TRIGGER tg_exports_updated_at BEFORE UPDATE ON exports
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Deferred from 11, where render_jobs and frame_jobs did not exist yet. A crash
-- report outlives the job it interrupted, hence SET NULL.
ALTER TABLE node_crashes
  ADD CONSTRAINT node_crashes_render_job_id_fkey
    FOREIGN KEY (render_job_id) REFERENCES render_jobs (id) ON DELETE SET NULL,
  ADD CONSTRAINT node_crashes_frame_job_id_fkey
    FOREIGN KEY (frame_job_id) REFERENCES frame_jobs (id) ON DELETE SET NULL;

-- 11_render_nodes: schema render, part 1: the render farm (nodes, template cache, health logs, crashes).
SET search_path TO render, public;

CREATE TYPE node_status AS ENUM ('Provisioning', 'Online', 'Busy', 'Draining', 'Offline', 'Maintenance', 'Crashed');
CREATE TYPE node_os AS ENUM ('Windows', 'MacOs', 'Linux');
CREATE TYPE crash_type AS ENUM ('AeCrash', 'AeHang', 'OutOfMemory', 'DiskFull', 'AgentCrash', 'NetworkLost', 'Timeout', 'Unknown');
CREATE TYPE crash_detected_by AS ENUM ('Agent', 'Watchdog', 'Orchestrator');
CREATE TYPE recovery_action AS ENUM ('None', 'AeRestarted', 'WorkReassigned', 'NodeDrained', 'ManualRequired');

-- Platform infrastructure shared by every tenant, hence no tenant_id; an
-- enterprise-dedicated node names its tenant in dedicated_tenant_id (soft ref).
CREATE TABLE nodes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  hostname TEXT NULL,
  node_ip INET NULL,
  mesh_ip INET NULL,
  region TEXT NOT NULL DEFAULT 'ir-thr',
  os node_os NOT NULL DEFAULT 'Windows',
  status node_status NOT NULL DEFAULT 'Provisioning',
  node_agent_version TEXT NULL,
  current_ae_version TEXT NULL,
  available_ae_versions TEXT[] NOT NULL DEFAULT '{}',
  supported_engines TEXT[] NOT NULL DEFAULT '{AfterEffects}',
  ram_gb INT NULL,
  cpu_cores INT NULL,
  gpu_model TEXT NULL,
  gpu_vram_gb INT NULL,
  cache_capacity_gb INT NOT NULL DEFAULT 100,
  cache_used_gb NUMERIC(10,2) NOT NULL DEFAULT 0,
  max_concurrent_jobs SMALLINT NOT NULL DEFAULT 1,
  active_frame_jobs SMALLINT NOT NULL DEFAULT 0,
  weight SMALLINT NOT NULL DEFAULT 100,
  hmac_secret_encrypted BYTEA NOT NULL,
  dedicated_tenant_id UUID NULL,
  tags TEXT[] NOT NULL DEFAULT '{}',
  is_enabled BOOLEAN NOT NULL DEFAULT TRUE,
  last_heartbeat_at TIMESTAMPTZ NULL,
  online_since TIMESTAMPTZ NULL,
  drain_requested_at TIMESTAMPTZ NULL,
  consecutive_crashes SMALLINT NOT NULL DEFAULT 0,
  total_frames_rendered BIGINT NOT NULL DEFAULT 0,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

-- Partial (spec D6): a decommissioned, soft-deleted node must not block
-- re-provisioning a machine under the same name.
CREATE UNIQUE INDEX idx_nodes_name ON nodes (name) WHERE deleted_at IS NULL;
CREATE INDEX idx_nodes_status_last_heartbeat_at ON nodes (status, last_heartbeat_at)
  WHERE is_enabled AND deleted_at IS NULL;

CREATE TRIGGER tg_nodes_updated_at BEFORE UPDATE ON nodes
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE node_template_cache (
  node_id UUID NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  template_md5 CHAR(32) NOT NULL,
  project_id UUID NULL,
  is_bundle BOOLEAN NOT NULL DEFAULT FALSE,
  size_bytes BIGINT NOT NULL,
  local_path TEXT NULL,
  cached_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  last_used_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  hit_count INT NOT NULL DEFAULT 0,
  evicted_at TIMESTAMPTZ NULL,
  PRIMARY KEY (node_id, template_md5)
);

-- LRU eviction order per node.
CREATE INDEX idx_node_template_cache_node_id_last_used_at ON node_template_cache (node_id, last_used_at);
-- Scheduler affinity: which nodes already hold this template.
CREATE INDEX idx_node_template_cache_template_md5 ON node_template_cache (template_md5);

-- Monthly partitions (spec C16/D8/D9): the partition key has to be part of the PK.
CREATE TABLE node_health_logs (
  id BIGINT GENERATED ALWAYS AS IDENTITY,
  recorded_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  node_id UUID NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  status node_status NULL,
  cpu_percent NUMERIC(5,2) NULL,
  ram_used_gb NUMERIC(8,2) NULL,
  disk_free_gb NUMERIC(10,2) NULL,
  gpu_percent NUMERIC(5,2) NULL,
  gpu_mem_used_gb NUMERIC(8,2) NULL,
  ae_process_count SMALLINT NULL,
  active_frame_jobs SMALLINT NULL,
  cache_used_gb NUMERIC(10,2) NULL,
  rtt_ms INT NULL,
  extra JSONB NULL,
  PRIMARY KEY (id, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE INDEX idx_node_health_logs_node_id_recorded_at ON node_health_logs (node_id, recorded_at DESC);

SELECT public.ensure_monthly_partition('render.node_health_logs', DATE '2026-01-01');
-- Safety net only; created after 2026_01 so that month's rows never land here.
CREATE TABLE node_health_logs_default PARTITION OF node_health_logs DEFAULT;

-- render_job_id / frame_job_id get their FKs in 12, once those tables exist.
CREATE TABLE node_crashes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  node_id UUID NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  render_job_id UUID NULL,
  frame_job_id UUID NULL,
  tenant_id UUID NULL,
  crash_type crash_type NOT NULL,
  detected_by crash_detected_by NOT NULL,
  exit_code INT NULL,
  error_message TEXT NULL,
  log_excerpt TEXT NULL,
  ae_version TEXT NULL,
  dump_url TEXT NULL,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  auto_recovered BOOLEAN NOT NULL DEFAULT FALSE,
  recovery_action recovery_action NOT NULL DEFAULT 'None',
  recovered_at TIMESTAMPTZ NULL,
  frames_reassigned INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_node_crashes_node_id_occurred_at ON node_crashes (node_id, occurred_at DESC);
CREATE INDEX idx_node_crashes_render_job_id ON node_crashes (render_job_id);

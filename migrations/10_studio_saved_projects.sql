-- 10_studio_saved_projects: schema studio (users' saved projects, audio: music, voiceover, sfx).
-- tenant_id and every id from another schema (users, content projects/scenes/presets,
-- file_mgr files, render jobs) are soft refs without a FK.

SET search_path TO studio, public;

CREATE TYPE audio_kind AS ENUM ('Music', 'Sfx', 'Voiceover');
CREATE TYPE voiceover_source AS ENUM ('Upload', 'Recording', 'Tts');
CREATE TYPE saved_project_status AS ENUM ('Draft', 'Queued', 'Rendered', 'Archived');
-- studio's own copy (same labels as identity's and render's): enums are schema-scoped and
-- no schema depends on another's types.
CREATE TYPE video_quality AS ENUM ('Sd480', 'Hd720', 'FullHd1080', 'Qhd1440', 'Uhd2160');

CREATE TABLE audio_library (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  kind audio_kind NOT NULL,
  title TEXT NOT NULL,
  title_en TEXT NULL,
  artist TEXT NULL,
  file_url TEXT NOT NULL,
  file_md5 CHAR(32) NULL,
  duration_ms INT NOT NULL,
  bpm SMALLINT NULL,
  moods TEXT[] NOT NULL DEFAULT '{}',
  genre TEXT NULL,
  waveform JSONB NULL,
  is_premium BOOLEAN NOT NULL DEFAULT FALSE,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  sort_order INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE INDEX idx_audio_library_tenant_id_kind ON audio_library (tenant_id, kind)
  WHERE is_active AND deleted_at IS NULL;

CREATE TRIGGER tg_audio_library_updated_at BEFORE UPDATE ON audio_library
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE saved_projects (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  user_id UUID NOT NULL,
  -- The aspect variant (content.projects), not the container.
  project_id UUID NOT NULL,
  container_id UUID NULL,
  title TEXT NOT NULL,
  status saved_project_status NOT NULL DEFAULT 'Draft',
  quality video_quality NOT NULL DEFAULT 'FullHd1080',
  data JSONB NOT NULL DEFAULT '{}'::jsonb,
  color_preset_id UUID NULL,
  colors JSONB NOT NULL DEFAULT '{}'::jsonb,
  duration_sec NUMERIC(8,3) NULL,
  music_track_id UUID NULL REFERENCES audio_library (id) ON DELETE SET NULL,
  music_url TEXT NULL,
  music_start_ms INT NOT NULL DEFAULT 0,
  -- Volumes are linear gain 0..1 (the mixer maps to dB); copied as-is into the render job.
  music_volume NUMERIC(4,3) NOT NULL DEFAULT 0.800 CHECK (music_volume BETWEEN 0 AND 1),
  sfx_volume NUMERIC(4,3) NOT NULL DEFAULT 1.000 CHECK (sfx_volume BETWEEN 0 AND 1),
  voiceover_volume NUMERIC(4,3) NOT NULL DEFAULT 1.000 CHECK (voiceover_volume BETWEEN 0 AND 1),
  voiceover_url TEXT NULL,
  voiceover_file_id UUID NULL,
  voiceover_source voiceover_source NULL,
  voiceover_duration_ms INT NULL,
  voiceover_offset_ms INT NOT NULL DEFAULT 0,
  voiceover_ducking BOOLEAN NOT NULL DEFAULT TRUE,
  -- Derived so it can never disagree with the voiceover columns; copied into
  -- render.render_jobs.has_voiceover when a render is queued.
  has_voiceover BOOLEAN GENERATED ALWAYS AS (voiceover_url IS NOT NULL OR voiceover_file_id IS NOT NULL) STORED,
  thumbnail_url TEXT NULL,
  last_render_job_id UUID NULL,
  render_count INT NOT NULL DEFAULT 0,
  -- Optimistic concurrency for autosave: writers compare and bump it.
  version INT NOT NULL DEFAULT 1,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE INDEX idx_saved_projects_tenant_id_user_id_updated_at ON saved_projects (tenant_id, user_id, updated_at DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX idx_saved_projects_project_id ON saved_projects (project_id);

CREATE TRIGGER tg_saved_projects_updated_at BEFORE UPDATE ON saved_projects
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE saved_project_scenes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  saved_project_id UUID NOT NULL REFERENCES saved_projects (id) ON DELETE CASCADE,
  scene_id UUID NULL,
  -- Copy of content.scenes.key, so the row still maps to its scene after a re-import.
  scene_key TEXT NOT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  -- "values" is a reserved word: the spec's name is kept, so queries must quote it.
  "values" JSONB NOT NULL DEFAULT '{}'::jsonb,
  color_overrides JSONB NOT NULL DEFAULT '{}'::jsonb,
  character_choices JSONB NOT NULL DEFAULT '{}'::jsonb,
  duration_override_sec NUMERIC(8,3) NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_saved_project_scenes_saved_project_id_sort_order ON saved_project_scenes (saved_project_id, sort_order);

CREATE TRIGGER tg_saved_project_scenes_updated_at BEFORE UPDATE ON saved_project_scenes
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE saved_project_sfx (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  saved_project_id UUID NOT NULL REFERENCES saved_projects (id) ON DELETE CASCADE,
  -- RESTRICT, not the spec's SET NULL: nulling a library clip with no custom_url would break the
  -- CHECK below, so deleting a used track failed anyway, with a less helpful error. Tracks are
  -- soft-deleted (deleted_at) in normal operation.
  audio_id UUID NULL REFERENCES audio_library (id) ON DELETE RESTRICT,
  custom_url TEXT NULL,
  start_ms INT NOT NULL,
  duration_ms INT NULL,
  -- Per clip; the mixer multiplies it by saved_projects.sfx_volume.
  gain NUMERIC(4,3) NOT NULL DEFAULT 1,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  CHECK (audio_id IS NOT NULL OR custom_url IS NOT NULL)
);

CREATE INDEX idx_saved_project_sfx_saved_project_id ON saved_project_sfx (saved_project_id);

CREATE TABLE saved_project_versions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  saved_project_id UUID NOT NULL REFERENCES saved_projects (id) ON DELETE CASCADE,
  version INT NOT NULL,
  data JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (saved_project_id, version)
);

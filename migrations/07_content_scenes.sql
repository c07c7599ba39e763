-- 07_content_scenes: schema content, part 3 (scenes, editable elements, scene colours).
-- Scene and element keys come from AE layer names frl_c(x)t/m(y): c(x) = scene x,
-- t = text, m = media.

SET search_path TO content, public;

CREATE TYPE scene_element_type AS ENUM ('Text', 'Media', 'Logo', 'Color', 'Character', 'Audio');
CREATE TYPE text_direction AS ENUM ('Rtl', 'Ltr', 'Auto');

CREATE TABLE scenes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT NULL,
  name_en TEXT NULL,
  comp_name TEXT NOT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  duration_sec NUMERIC(8,3) NOT NULL,
  duration_frames INT NULL,
  is_required BOOLEAN NOT NULL DEFAULT FALSE,
  is_selected_by_default BOOLEAN NOT NULL DEFAULT TRUE,
  image_url TEXT NULL,
  preview_video_url TEXT NULL,
  -- Post-14 forward-compat (upstream mig 30): written by render-svc's snapshot jobs.
  snapshot_url TEXT NULL,
  config JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL,
  -- Deliberately NOT partial on deleted_at: a re-import revives the soft-deleted row
  -- (UPDATE ... SET deleted_at = NULL) instead of inserting a duplicate. The name is
  -- the one upstream's unique-violation error reports.
  CONSTRAINT scenes_project_id_key UNIQUE (project_id, key)
);

CREATE INDEX idx_scenes_project_id_sort_order ON scenes (project_id, sort_order) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_scenes_updated_at BEFORE UPDATE ON scenes
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE scene_elements (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  scene_id UUID NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
  -- Denormalised from the scene for project-wide lookups.
  project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  element_type scene_element_type NOT NULL,
  label TEXT NULL,
  label_en TEXT NULL,
  default_text TEXT NULL,
  default_media_url TEXT NULL,
  max_length INT NULL,
  is_multiline BOOLEAN NOT NULL DEFAULT FALSE,
  direction text_direction NOT NULL DEFAULT 'Rtl',
  font_id UUID NULL REFERENCES fonts (id) ON DELETE SET NULL,
  media_constraints JSONB NOT NULL DEFAULT '{}'::jsonb,
  is_required BOOLEAN NOT NULL DEFAULT FALSE,
  sort_order INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL,
  -- Non-partial like scenes, so revive-not-insert is the single rule for re-imports.
  UNIQUE (scene_id, key)
);

CREATE TRIGGER tg_scene_elements_updated_at BEFORE UPDATE ON scene_elements
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE scene_colors (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  scene_id UUID NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  label TEXT NULL,
  default_hex CHAR(7) NOT NULL,
  -- Linked to a shared project colour, so changing that colour propagates to the scene.
  project_color_id UUID NULL REFERENCES project_colors (id) ON DELETE SET NULL,
  sort_order INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (scene_id, key)
);

CREATE TRIGGER tg_scene_colors_updated_at BEFORE UPDATE ON scene_colors
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- Deferred from 06, where scenes did not exist yet.
ALTER TABLE template_svg_previews
  ADD FOREIGN KEY (scene_id) REFERENCES scenes (id) ON DELETE CASCADE;

-- 08_content_characters_presets: schema content, part 4 (animated characters, colour presets).

SET search_path TO content, public;

CREATE TYPE character_gender AS ENUM ('Male', 'Female', 'Neutral');

CREATE TABLE characters (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  -- NULL = the tenant's global character library, usable by any project.
  project_id UUID NULL REFERENCES projects (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NULL,
  gender character_gender NULL,
  ae_layer_name TEXT NULL,
  thumbnail_url TEXT NULL,
  options JSONB NOT NULL DEFAULT '{}'::jsonb,
  sort_order INT NOT NULL DEFAULT 0,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL,
  -- NULLS NOT DISTINCT so global-library keys (project_id NULL) are unique too; non-partial
  -- like scenes, so a re-import revives a soft-deleted character.
  UNIQUE NULLS NOT DISTINCT (tenant_id, project_id, key)
);

CREATE TRIGGER tg_characters_updated_at BEFORE UPDATE ON characters
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE character_variants (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  character_id UUID NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT NULL,
  thumbnail_url TEXT NULL,
  -- "values" is a reserved word: the spec's name is kept, so queries must quote it.
  "values" JSONB NOT NULL DEFAULT '{}'::jsonb,
  sort_order INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (character_id, key)
);

CREATE TRIGGER tg_character_variants_updated_at BEFORE UPDATE ON character_variants
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE scene_character_slots (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  scene_id UUID NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
  slot_key TEXT NOT NULL,
  label TEXT NULL,
  default_character_id UUID NULL REFERENCES characters (id) ON DELETE SET NULL,
  -- An array cannot carry a FK; empty = any active character.
  allowed_character_ids UUID[] NOT NULL DEFAULT '{}',
  sort_order INT NOT NULL DEFAULT 0,
  UNIQUE (scene_id, slot_key)
);

CREATE TABLE color_presets (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  name_en TEXT NULL,
  -- {project_colors.key: "#RRGGBB"}
  colors JSONB NOT NULL,
  thumbnail_url TEXT NULL,
  is_default BOOLEAN NOT NULL DEFAULT FALSE,
  sort_order INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE INDEX idx_color_presets_project_id_sort_order ON color_presets (project_id, sort_order);
CREATE UNIQUE INDEX idx_color_presets_project_id_is_default ON color_presets (project_id)
  WHERE is_default AND deleted_at IS NULL;

CREATE TRIGGER tg_color_presets_updated_at BEFORE UPDATE ON color_presets
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

-- 06_content_projects: schema content, part 2 (template containers, AE/Remotion projects,
-- shared colours, SVG previews).
-- A container is the catalog template a user browses; a project is one renderable AE or
-- Remotion project inside it, normally one per aspect ratio.

SET search_path TO content, public;

CREATE TYPE project_type AS ENUM ('Fix', 'Flexible', 'Mockup');
CREATE TYPE aspect_ratio AS ENUM ('Wide16x9', 'Square1x1', 'Tall9x16', 'Portrait4x5');
CREATE TYPE publish_status AS ENUM ('Draft', 'Published', 'Unpublished', 'Archived');
CREATE TYPE svg_preview_status AS ENUM ('Pending', 'Tracing', 'Ready', 'Failed');
-- Post-14 (upstream mig 32), created now so the forward-compat columns below need no ALTER later.
CREATE TYPE render_engine AS ENUM ('AfterEffects', 'Remotion');

CREATE TABLE containers (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  category_id UUID NULL REFERENCES categories (id) ON DELETE SET NULL,
  slug CITEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NULL,
  description TEXT NULL,
  cover_image_url TEXT NULL,
  preview_video_url TEXT NULL,
  status publish_status NOT NULL DEFAULT 'Draft',
  is_premium BOOLEAN NOT NULL DEFAULT FALSE,
  is_featured BOOLEAN NOT NULL DEFAULT FALSE,
  min_plan_code CITEXT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  view_count INT NOT NULL DEFAULT 0,
  use_count INT NOT NULL DEFAULT 0,
  seo_title TEXT NULL,
  seo_description TEXT NULL,
  published_at TIMESTAMPTZ NULL,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE UNIQUE INDEX idx_containers_tenant_id_slug ON containers (tenant_id, slug) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_containers_updated_at BEFORE UPDATE ON containers
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE container_tags (
  container_id UUID NOT NULL REFERENCES containers (id) ON DELETE CASCADE,
  tag_id UUID NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (container_id, tag_id)
);

CREATE TABLE projects (
  -- Also the storage-path key: templates/{project_id}/(template.aep | bundle.zip).
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  container_id UUID NOT NULL REFERENCES containers (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  project_type project_type NOT NULL DEFAULT 'Fix',
  aspect_ratio aspect_ratio NOT NULL,
  width INT NOT NULL,
  height INT NOT NULL,
  fps NUMERIC(6,3) NOT NULL DEFAULT 30,
  duration_sec NUMERIC(8,3) NULL,
  min_scenes SMALLINT NULL,
  max_scenes SMALLINT NULL,
  aep_object_key TEXT NULL,
  aep_is_bundle BOOLEAN NOT NULL DEFAULT FALSE,
  -- The key render nodes cache the AEP under (render.node_template_cache.template_md5).
  aep_md5 CHAR(32) NULL,
  aep_size_bytes BIGINT NULL,
  ae_min_version TEXT NULL,
  final_comp_name TEXT NOT NULL DEFAULT 'frfinal',
  -- Post-14 forward-compat (upstream mig 32); NULL reads as the AE engine.
  render_engine render_engine NULL,
  render_remotion_comp TEXT NULL,
  thumbnail_url TEXT NULL,
  preview_video_url TEXT NULL,
  status publish_status NOT NULL DEFAULT 'Draft',
  is_default BOOLEAN NOT NULL DEFAULT FALSE,
  sort_order INT NOT NULL DEFAULT 0,
  published_at TIMESTAMPTZ NULL,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE INDEX idx_projects_container_id ON projects (container_id) WHERE deleted_at IS NULL;
CREATE INDEX idx_projects_tenant_id_status ON projects (tenant_id, status);
CREATE INDEX idx_projects_aep_md5 ON projects (aep_md5);
-- One default variant, and one project per aspect ratio, per container.
CREATE UNIQUE INDEX idx_projects_container_id_is_default ON projects (container_id)
  WHERE is_default AND deleted_at IS NULL;
CREATE UNIQUE INDEX idx_projects_container_id_aspect_ratio ON projects (container_id, aspect_ratio)
  WHERE deleted_at IS NULL;

CREATE TRIGGER tg_projects_updated_at BEFORE UPDATE ON projects
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE project_colors (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  label TEXT NULL,
  label_en TEXT NULL,
  default_hex CHAR(7) NOT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  UNIQUE (project_id, key)
);

CREATE TRIGGER tg_project_colors_updated_at BEFORE UPDATE ON project_colors
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE template_svg_previews (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  project_id UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  -- The FK to scenes is added in 07: scenes does not exist yet.
  scene_id UUID NULL,
  source_image_url TEXT NOT NULL,
  svg_url TEXT NULL,
  svg_markup TEXT NULL,
  -- Maps each traced SVG fill to a project_colors.key, so the studio recolours the preview live.
  color_map JSONB NOT NULL DEFAULT '{}'::jsonb,
  palette TEXT[] NOT NULL DEFAULT '{}',
  width INT NULL,
  height INT NULL,
  status svg_preview_status NOT NULL DEFAULT 'Pending',
  error_message TEXT NULL,
  generated_at TIMESTAMPTZ NULL,
  created_by UUID NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE INDEX idx_template_svg_previews_project_id ON template_svg_previews (project_id) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_template_svg_previews_updated_at BEFORE UPDATE ON template_svg_previews
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

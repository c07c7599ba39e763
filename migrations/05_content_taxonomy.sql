-- 05_content_taxonomy: schema content, part 1 (categories, tags, fonts).
-- Within content, tenant_id is a soft ref to identity.tenants: FKs stay inside one schema.

SET search_path TO content, public;

CREATE TYPE font_format AS ENUM ('Ttf', 'Otf', 'Woff2');
CREATE TYPE font_style AS ENUM ('Normal', 'Italic');

CREATE TABLE categories (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  parent_id UUID NULL REFERENCES categories (id) ON DELETE SET NULL,
  slug CITEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NULL,
  description TEXT NULL,
  icon_url TEXT NULL,
  cover_url TEXT NULL,
  color CHAR(7) NULL,
  sort_order INT NOT NULL DEFAULT 0,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  seo_title TEXT NULL,
  seo_description TEXT NULL,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE UNIQUE INDEX idx_categories_tenant_id_slug ON categories (tenant_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX idx_categories_tenant_id_parent_id_sort_order ON categories (tenant_id, parent_id, sort_order);

CREATE TRIGGER tg_categories_updated_at BEFORE UPDATE ON categories
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE tags (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  slug CITEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NULL,
  usage_count INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE UNIQUE INDEX idx_tags_tenant_id_slug ON tags (tenant_id, slug) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_tags_updated_at BEFORE UPDATE ON tags
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE fonts (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  family TEXT NOT NULL,
  -- After Effects resolves fonts by PostScript name, so that (not family) is the unique key.
  postscript_name TEXT NOT NULL,
  weight SMALLINT NOT NULL DEFAULT 400,
  style font_style NOT NULL DEFAULT 'Normal',
  format font_format NOT NULL,
  file_url TEXT NOT NULL,
  file_md5 CHAR(32) NULL,
  file_size_bytes BIGINT NULL,
  scripts TEXT[] NOT NULL DEFAULT '{fa,en}',
  is_persian BOOLEAN NOT NULL DEFAULT TRUE,
  preview_image_url TEXT NULL,
  license TEXT NULL,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  -- Set when content.font.installed.v1 fires (the font reached the render nodes).
  installed_on_nodes_at TIMESTAMPTZ NULL,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE UNIQUE INDEX idx_fonts_tenant_id_postscript_name ON fonts (tenant_id, postscript_name) WHERE deleted_at IS NULL;
CREATE INDEX idx_fonts_family ON fonts (family);

CREATE TRIGGER tg_fonts_updated_at BEFORE UPDATE ON fonts
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

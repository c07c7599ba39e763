-- 09_content_cms: schema content, part 5 (blog, slides, static pages, FAQ).

SET search_path TO content, public;

CREATE TYPE post_status AS ENUM ('Draft', 'Scheduled', 'Published', 'Archived');
CREATE TYPE slide_placement AS ENUM ('Home', 'Templates', 'Pricing', 'Dashboard');

CREATE TABLE blog_categories (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  slug CITEXT NOT NULL,
  name TEXT NOT NULL,
  name_en TEXT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE UNIQUE INDEX idx_blog_categories_tenant_id_slug ON blog_categories (tenant_id, slug) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_blog_categories_updated_at BEFORE UPDATE ON blog_categories
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE blog_posts (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  category_id UUID NULL REFERENCES blog_categories (id) ON DELETE SET NULL,
  -- Nullable: generated (AI SEO) or imported posts may have no author user.
  author_user_id UUID NULL,
  slug CITEXT NOT NULL,
  locale TEXT NOT NULL DEFAULT 'fa',
  title TEXT NOT NULL,
  excerpt TEXT NULL,
  body_html TEXT NULL,
  body_markdown TEXT NULL,
  cover_image_url TEXT NULL,
  status post_status NOT NULL DEFAULT 'Draft',
  reading_time_min SMALLINT NULL,
  view_count INT NOT NULL DEFAULT 0,
  seo_title TEXT NULL,
  seo_description TEXT NULL,
  seo_keywords TEXT[] NOT NULL DEFAULT '{}',
  canonical_url TEXT NULL,
  is_ai_generated BOOLEAN NOT NULL DEFAULT FALSE,
  related_container_ids UUID[] NOT NULL DEFAULT '{}',
  scheduled_at TIMESTAMPTZ NULL,
  published_at TIMESTAMPTZ NULL,
  metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE UNIQUE INDEX idx_blog_posts_tenant_id_locale_slug ON blog_posts (tenant_id, locale, slug) WHERE deleted_at IS NULL;
CREATE INDEX idx_blog_posts_tenant_id_status_published_at ON blog_posts (tenant_id, status, published_at DESC);

CREATE TRIGGER tg_blog_posts_updated_at BEFORE UPDATE ON blog_posts
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE blog_post_tags (
  post_id UUID NOT NULL REFERENCES blog_posts (id) ON DELETE CASCADE,
  tag_id UUID NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, tag_id)
);

CREATE TABLE slides (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  placement slide_placement NOT NULL DEFAULT 'Home',
  title TEXT NULL,
  subtitle TEXT NULL,
  image_url TEXT NOT NULL,
  mobile_image_url TEXT NULL,
  link_url TEXT NULL,
  button_text TEXT NULL,
  sort_order INT NOT NULL DEFAULT 0,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  starts_at TIMESTAMPTZ NULL,
  ends_at TIMESTAMPTZ NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE INDEX idx_slides_tenant_id_placement_sort_order ON slides (tenant_id, placement, sort_order) WHERE is_active;

CREATE TRIGGER tg_slides_updated_at BEFORE UPDATE ON slides
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE pages (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  slug CITEXT NOT NULL,
  locale TEXT NOT NULL DEFAULT 'fa',
  title TEXT NOT NULL,
  body_html TEXT NULL,
  status post_status NOT NULL DEFAULT 'Draft',
  seo_title TEXT NULL,
  seo_description TEXT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  deleted_at TIMESTAMPTZ NULL
);

CREATE UNIQUE INDEX idx_pages_tenant_id_locale_slug ON pages (tenant_id, locale, slug) WHERE deleted_at IS NULL;

CREATE TRIGGER tg_pages_updated_at BEFORE UPDATE ON pages
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

CREATE TABLE faqs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id UUID NOT NULL,
  group_key TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  locale TEXT NOT NULL DEFAULT 'fa',
  sort_order INT NOT NULL DEFAULT 0,
  is_active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_faqs_tenant_id_group_key_sort_order ON faqs (tenant_id, group_key, sort_order);

CREATE TRIGGER tg_faqs_updated_at BEFORE UPDATE ON faqs
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

import type { TableName } from './generated/tables.js';

/**
 * A column holding another table's id without a foreign key: upstream keeps services decoupled
 * and enforces these in code and events. `seed verify` checks that each points at a real row.
 */
export interface SoftReference {
  readonly table: TableName;
  readonly column: string;
  readonly target: TableName;
  /** The column is a uuid[] of ids. */
  readonly array?: boolean;
}

const tenantScoped: TableName[] = [
  'content.blog_categories',
  'content.blog_posts',
  'content.categories',
  'content.characters',
  'content.color_presets',
  'content.containers',
  'content.faqs',
  'content.fonts',
  'content.pages',
  'content.projects',
  'content.scenes',
  'content.slides',
  'content.tags',
  'content.template_svg_previews',
  'file_mgr.cleanup_schedules',
  'file_mgr.file_shares',
  'file_mgr.files',
  'file_mgr.folders',
  'file_mgr.storage_quotas',
  'file_mgr.upload_sessions',
  'identity.tenant_api_request_logs',
  'notification.notification_deliveries',
  'notification.notification_preferences',
  'notification.notification_templates',
  'notification.notifications',
  'notification.telegram_links',
  'render.exports',
  'render.frame_jobs',
  'render.frame_repair_jobs',
  'render.node_crashes',
  'render.render_jobs',
  'render.snapshots',
  'studio.audio_library',
  'studio.saved_projects',
];

/** Every soft reference of the schema (ids of other rows kept without a foreign key). */
export const softReferences: readonly SoftReference[] = [
  ...tenantScoped.map((table) => ({ table, column: 'tenant_id', target: 'identity.tenants' as const })),
  { table: 'render.nodes', column: 'dedicated_tenant_id', target: 'identity.tenants' },
  { table: 'content.blog_posts', column: 'author_user_id', target: 'identity.users' },
  { table: 'content.blog_posts', column: 'related_container_ids', target: 'content.containers', array: true },
  {
    table: 'content.scene_character_slots',
    column: 'allowed_character_ids',
    target: 'content.characters',
    array: true,
  },
  { table: 'content.template_svg_previews', column: 'created_by', target: 'identity.users' },
  { table: 'file_mgr.file_shares', column: 'created_by', target: 'identity.users' },
  { table: 'file_mgr.files', column: 'user_id', target: 'identity.users' },
  { table: 'file_mgr.folders', column: 'user_id', target: 'identity.users' },
  { table: 'file_mgr.storage_quotas', column: 'user_id', target: 'identity.users' },
  { table: 'file_mgr.upload_sessions', column: 'user_id', target: 'identity.users' },
  { table: 'identity.discount_codes', column: 'applicable_plan_ids', target: 'identity.plans', array: true },
  { table: 'identity.tenant_api_request_logs', column: 'api_key_id', target: 'identity.tenant_api_keys' },
  { table: 'identity.wallet_transactions', column: 'render_job_id', target: 'render.render_jobs' },
  { table: 'notification.notification_deliveries', column: 'user_id', target: 'identity.users' },
  { table: 'notification.notification_preferences', column: 'user_id', target: 'identity.users' },
  { table: 'notification.notifications', column: 'user_id', target: 'identity.users' },
  { table: 'notification.telegram_links', column: 'user_id', target: 'identity.users' },
  { table: 'render.exports', column: 'user_id', target: 'identity.users' },
  { table: 'render.exports', column: 'saved_project_id', target: 'studio.saved_projects' },
  { table: 'render.exports', column: 'file_id', target: 'file_mgr.files' },
  { table: 'render.node_template_cache', column: 'project_id', target: 'content.projects' },
  { table: 'render.render_jobs', column: 'user_id', target: 'identity.users' },
  { table: 'render.render_jobs', column: 'saved_project_id', target: 'studio.saved_projects' },
  { table: 'render.render_jobs', column: 'project_id', target: 'content.projects' },
  { table: 'render.render_jobs', column: 'container_id', target: 'content.containers' },
  { table: 'render.render_jobs', column: 'api_key_id', target: 'identity.tenant_api_keys' },
  { table: 'render.render_jobs', column: 'cancelled_by', target: 'identity.users' },
  { table: 'render.snapshots', column: 'project_id', target: 'content.projects' },
  { table: 'render.snapshots', column: 'scene_id', target: 'content.scenes' },
  { table: 'studio.saved_project_scenes', column: 'scene_id', target: 'content.scenes' },
  { table: 'studio.saved_projects', column: 'user_id', target: 'identity.users' },
  { table: 'studio.saved_projects', column: 'project_id', target: 'content.projects' },
  { table: 'studio.saved_projects', column: 'container_id', target: 'content.containers' },
  { table: 'studio.saved_projects', column: 'color_preset_id', target: 'content.color_presets' },
  { table: 'studio.saved_projects', column: 'last_render_job_id', target: 'render.render_jobs' },
  { table: 'studio.saved_projects', column: 'voiceover_file_id', target: 'file_mgr.files' },
];

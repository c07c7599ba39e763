/**
 * Independent inventory of the FlatRender V2 schema spec
 * (/work/shared/schema/flatrender-v2.md), built from the spec text only — the
 * migrations were not consulted. A migrated database is checked against it.
 *
 * Line numbers in `// spec: Lnnn` comments refer to flatrender-v2.md.
 */

/**
 * Every table the spec defines, schema-qualified, incl. the 3 optional ones
 * (tenant_invitations, saved_project_versions, file_shares) and
 * identity.oauth_config. Core = 76 + 3 optional = 79 (spec 5.2).
 * Partition children (`*_2026_01`, `*_default`) are NOT tables here.
 * Post-14 tables that section 4 lists as optional/skip (campaigns, user_crm,
 * project_assets, font_requests, node_fonts, scan/snapshot jobs, ai_settings,
 * the `payment` schema) are not in the spec'd set and are not listed.
 */
export const specTables: readonly string[] = [
  // ── identity (29) ────────────────────────────────────────────────────────
  // 01_identity_tenants (spec: L109–207)
  'identity.tenants',
  'identity.tenant_branding',
  'identity.tenant_api_keys',
  'identity.tenant_webhooks',
  'identity.tenant_webhook_deliveries',
  'identity.tenant_usage_daily',
  'identity.tenant_api_request_logs', // partitioned parent (spec: L184, L202)
  // spec: L204–207 / L311 — optional; described under 01 but must be created in 02 (needs user_role).
  'identity.tenant_invitations',
  // 02_identity_users (spec: L209–311)
  'identity.users',
  'identity.user_sessions',
  'identity.mfa_factors',
  'identity.push_subscriptions',
  'identity.otp_codes',
  // 03_identity_billing (spec: L315–401)
  'identity.plans',
  'identity.render_price_rates',
  'identity.discount_codes',
  'identity.payments',
  'identity.user_plans',
  'identity.discount_redemptions',
  'identity.wallet_transactions',
  // 04_identity_gamification (spec: L403–446)
  'identity.gifts',
  'identity.levels',
  'identity.quests',
  'identity.user_quest_progress',
  'identity.user_xp',
  'identity.xp_events',
  'identity.earned_gifts',
  'identity.referrals',
  // 22_identity_oauth_config (spec: L1110–1128)
  'identity.oauth_config',

  // ── content (21) ─────────────────────────────────────────────────────────
  // 05_content_taxonomy (spec: L450–459)
  'content.categories',
  'content.tags',
  'content.fonts',
  // 06_content_projects (spec: L463–552)
  'content.containers',
  'content.container_tags', // spec: L496 (join table)
  'content.projects',
  'content.project_colors',
  'content.template_svg_previews',
  // 07_content_scenes (spec: L554–606)
  'content.scenes',
  'content.scene_elements',
  'content.scene_colors',
  // 08_content_characters_presets (spec: L610–620)
  'content.characters',
  'content.character_variants',
  'content.scene_character_slots',
  'content.color_presets',
  // 09_content_cms (spec: L624–636)
  'content.blog_categories',
  'content.blog_posts',
  'content.blog_post_tags',
  'content.slides',
  'content.pages',
  'content.faqs',

  // ── studio (5) ───────────────────────────────────────────────────────────
  // 10_studio_saved_projects (spec: L640–689)
  'studio.audio_library',
  'studio.saved_projects',
  'studio.saved_project_scenes',
  'studio.saved_project_sfx',
  'studio.saved_project_versions', // optional (spec: L689 "[designed, optional]")

  // ── render (11) ──────────────────────────────────────────────────────────
  // 11_render_nodes (spec: L693–787)
  'render.nodes',
  'render.node_template_cache',
  'render.node_health_logs', // partitioned parent (spec: L759–760)
  'render.node_crashes',
  // 12_render_jobs (spec: L789–956)
  'render.render_jobs',
  'render.render_job_events',
  'render.frame_repair_jobs',
  'render.snapshots',
  'render.frame_jobs',
  'render.render_job_snapshots', // spec: L928 (join)
  'render.exports',

  // ── file_mgr (8) ─────────────────────────────────────────────────────────
  // 13_file_manager (spec: L958–1027)
  'file_mgr.folders',
  'file_mgr.files',
  'file_mgr.storage_quotas',
  'file_mgr.upload_sessions',
  'file_mgr.upload_session_parts',
  'file_mgr.cleanup_schedules',
  'file_mgr.cleanup_runs',
  'file_mgr.file_shares', // optional (spec: L982 "`file_shares` (optional)")

  // ── notification (5) ─────────────────────────────────────────────────────
  // 14_notification (spec: L1031–1106)
  'notification.notifications',
  'notification.notification_deliveries',
  'notification.notification_preferences',
  'notification.notification_templates',
  'notification.telegram_links',
];

/**
 * Every enum type, schema-qualified, with its values in spec order, and whether
 * its full value list is tagged [upstream]. Per spec 5.2 (L1220) the only enums
 * with a full upstream value list are tenant_status, tenant_kind, register_mode,
 * notification_type, notification_priority, notification_channel;
 * "delivery_status is partial. All other enums are designed."
 */
export const specEnums: Readonly<Record<string, { values: readonly string[]; upstream: boolean }>> = {
  // ── identity ─────────────────────────────────────────────────────────────
  // 01 (spec: L112–120)
  'identity.tenant_status': { values: ['Active', 'Trial', 'Suspended', 'Cancelled'], upstream: true },
  'identity.tenant_kind': { values: ['Internal', 'Reseller', 'Enterprise'], upstream: true },
  'identity.api_key_status': { values: ['Active', 'Revoked', 'Expired'], upstream: false },
  'identity.api_key_env': { values: ['Live', 'Test'], upstream: false },
  'identity.webhook_delivery_status': {
    values: ['Pending', 'Succeeded', 'Failed', 'Retrying', 'Abandoned'],
    upstream: false,
  },
  // 02 (spec: L212–223)
  'identity.register_mode': {
    values: ['Email', 'Mobile', 'Google', 'Telegram', 'SSO', 'Reseller'],
    upstream: true,
  },
  // spec: L217 — "[designed]; `Admin` and moderator [upstream]": only partly upstream → false.
  'identity.user_role': { values: ['User', 'Moderator', 'Admin', 'SuperAdmin'], upstream: false },
  'identity.user_status': {
    values: ['PendingVerification', 'Active', 'Banned', 'Deactivated'],
    upstream: false,
  },
  'identity.mfa_factor_type': {
    values: ['Totp', 'Sms', 'Email', 'WebAuthn', 'RecoveryCodes'],
    upstream: false,
  },
  'identity.mfa_factor_status': { values: ['Pending', 'Active', 'Disabled'], upstream: false },
  'identity.push_platform': { values: ['Web', 'Android', 'Ios'], upstream: false },
  'identity.otp_channel': { values: ['Sms', 'Email', 'Telegram'], upstream: false },
  'identity.otp_purpose': {
    values: ['Login', 'Register', 'VerifyPhone', 'VerifyEmail', 'ResetPassword', 'MfaChallenge'],
    upstream: false,
  },
  // 03 (spec: L318–329)
  'identity.plan_type': { values: ['Subscription', 'SecondsPack', 'Enterprise', 'Free'], upstream: false },
  'identity.user_plan_status': { values: ['Pending', 'Active', 'Expired', 'Cancelled'], upstream: false },
  'identity.payment_status': {
    values: ['Pending', 'Succeeded', 'Failed', 'Cancelled', 'Refunded', 'PartiallyRefunded'],
    upstream: false,
  },
  'identity.payment_gateway': { values: ['ZarinPal', 'Wallet', 'Manual', 'Broker'], upstream: false },
  'identity.payment_purpose': {
    values: ['PlanPurchase', 'WalletTopUp', 'SecondsPurchase', 'Other'],
    upstream: false,
  },
  'identity.discount_type': { values: ['Percent', 'FixedAmount', 'BonusSeconds'], upstream: false },
  'identity.wallet_tx_type': {
    values: [
      'TopUp',
      'PlanPurchase',
      'RenderCharge',
      'RenderRefund',
      'AdminAdjust',
      'GiftCredit',
      'ReferralReward',
    ],
    upstream: false,
  },
  // spec: L329 — identity's own copy (also studio L643, render L799; enums are schema-scoped, L1226).
  'identity.video_quality': {
    values: ['Sd480', 'Hd720', 'FullHd1080', 'Qhd1440', 'Uhd2160'],
    upstream: false,
  },
  // 04 (spec: L406–413, L426)
  'identity.quest_period': { values: ['Once', 'Daily', 'Weekly', 'Monthly'], upstream: false },
  'identity.gift_type': {
    values: ['RenderSeconds', 'WalletCredit', 'DiscountCode', 'PlanDays', 'Badge'],
    upstream: false,
  },
  'identity.gift_status': { values: ['Pending', 'Claimed', 'Expired', 'Revoked'], upstream: false },
  'identity.gift_source': {
    values: ['Quest', 'LevelUp', 'Referral', 'Admin', 'Campaign', 'Signup'],
    upstream: false,
  },
  // spec: L426 — referrals.status is "TEXT-enum (`Pending`, `Qualified`, `Rewarded`), designed as enum
  // `referral_status`"; not in the 04 enum table (L406–413). Taken as a real enum type in identity.
  'identity.referral_status': { values: ['Pending', 'Qualified', 'Rewarded'], upstream: false },
  // 22 (spec: L1113) — "[designed]: `oauth_provider` (`Google`) … A plain TEXT column with a CHECK is an
  // equally faithful alternative". Listed as an enum because the spec's column table types provider as
  // `oauth_provider` (L1119).
  'identity.oauth_provider': { values: ['Google'], upstream: false },

  // ── content ──────────────────────────────────────────────────────────────
  // 05 (spec: L453)
  'content.font_format': { values: ['Ttf', 'Otf', 'Woff2'], upstream: false },
  'content.font_style': { values: ['Normal', 'Italic'], upstream: false },
  // 06 (spec: L468–476)
  // spec: L472 — "[upstream] concept (FIX / flexible / mockup), casing [designed]" → not in the 5.2 upstream list.
  'content.project_type': { values: ['Fix', 'Flexible', 'Mockup'], upstream: false },
  'content.aspect_ratio': { values: ['Wide16x9', 'Square1x1', 'Tall9x16', 'Portrait4x5'], upstream: false },
  'content.publish_status': { values: ['Draft', 'Published', 'Unpublished', 'Archived'], upstream: false },
  'content.svg_preview_status': { values: ['Pending', 'Tracing', 'Ready', 'Failed'], upstream: false },
  // spec: L476 — post-14 (mig 32), "Optional forward-compat". Its Src reads "**post-14** [upstream] column
  // (mig 32)": the [upstream] tag qualifies the *column*, and 5.2 (L1220) names only six upstream enums and
  // says "All other enums are designed" → upstream: false per the spec text. The brief asked for `true`;
  // flip here if the brief's reading is preferred.
  'content.render_engine': { values: ['AfterEffects', 'Remotion'], upstream: false },
  // 07 (spec: L557)
  'content.scene_element_type': {
    values: ['Text', 'Media', 'Logo', 'Color', 'Character', 'Audio'],
    upstream: false,
  },
  'content.text_direction': { values: ['Rtl', 'Ltr', 'Auto'], upstream: false },
  // 08 (spec: L613)
  'content.character_gender': { values: ['Male', 'Female', 'Neutral'], upstream: false },
  // 09 (spec: L627)
  'content.post_status': { values: ['Draft', 'Scheduled', 'Published', 'Archived'], upstream: false },
  'content.slide_placement': { values: ['Home', 'Templates', 'Pricing', 'Dashboard'], upstream: false },

  // ── studio ───────────────────────────────────────────────────────────────
  // 10 (spec: L643)
  'studio.audio_kind': { values: ['Music', 'Sfx', 'Voiceover'], upstream: false },
  'studio.voiceover_source': { values: ['Upload', 'Recording', 'Tts'], upstream: false },
  'studio.saved_project_status': { values: ['Draft', 'Queued', 'Rendered', 'Archived'], upstream: false },
  // spec: L643 — "the same labels as identity's copy".
  'studio.video_quality': { values: ['Sd480', 'Hd720', 'FullHd1080', 'Qhd1440', 'Uhd2160'], upstream: false },

  // ── render ───────────────────────────────────────────────────────────────
  // 11 (spec: L696–704)
  'render.node_status': {
    values: ['Provisioning', 'Online', 'Busy', 'Draining', 'Offline', 'Maintenance', 'Crashed'],
    upstream: false,
  },
  'render.node_os': { values: ['Windows', 'MacOs', 'Linux'], upstream: false },
  'render.crash_type': {
    values: [
      'AeCrash',
      'AeHang',
      'OutOfMemory',
      'DiskFull',
      'AgentCrash',
      'NetworkLost',
      'Timeout',
      'Unknown',
    ],
    upstream: false,
  },
  'render.crash_detected_by': { values: ['Agent', 'Watchdog', 'Orchestrator'], upstream: false },
  'render.recovery_action': {
    values: ['None', 'AeRestarted', 'WorkReassigned', 'NodeDrained', 'ManualRequired'],
    upstream: false,
  },
  // 12 (spec: L792–803)
  'render.render_job_status': {
    values: ['Queued', 'Running', 'Completed', 'Failed', 'Cancelled'],
    upstream: false,
  },
  // spec: L797 — "`Rendering`, `Validating` [upstream]; the rest [designed]": partly upstream → false.
  'render.render_step': {
    values: ['Queued', 'Preparing', 'Rendering', 'Validating', 'Repairing', 'Encoding', 'Uploading', 'Done'],
    upstream: false,
  },
  'render.render_source': { values: ['Web', 'ResellerApi', 'Admin', 'System'], upstream: false },
  // spec: L799 — render's own copy.
  'render.video_quality': { values: ['Sd480', 'Hd720', 'FullHd1080', 'Qhd1440', 'Uhd2160'], upstream: false },
  'render.frame_job_status': {
    values: ['Pending', 'Assigned', 'Rendering', 'Done', 'Failed', 'Reassigned', 'Cancelled'],
    upstream: false,
  },
  'render.frame_repair_status': { values: ['Pending', 'Running', 'Succeeded', 'Failed'], upstream: false },
  'render.snapshot_status': { values: ['Pending', 'Rendering', 'Ready', 'Failed', 'Stale'], upstream: false },
  'render.export_status': {
    values: ['Processing', 'Ready', 'Failed', 'Expired', 'Deleted'],
    upstream: false,
  },

  // ── file_mgr ─────────────────────────────────────────────────────────────
  // 13 (spec: L961–971)
  'file_mgr.file_kind': {
    values: ['Image', 'Video', 'Audio', 'Font', 'Aep', 'Archive', 'Document', 'Other'],
    upstream: false,
  },
  'file_mgr.file_status': {
    values: ['Pending', 'Active', 'Quarantined', 'Deleted', 'Purged'],
    upstream: false,
  },
  'file_mgr.file_source': {
    values: ['Upload', 'RenderExport', 'Voiceover', 'System', 'Import'],
    upstream: false,
  },
  'file_mgr.storage_backend': { values: ['Minio', 'S3', 'Local'], upstream: false },
  'file_mgr.upload_session_status': {
    values: ['Initiated', 'Uploading', 'Completing', 'Completed', 'Aborted', 'Expired'],
    upstream: false,
  },
  'file_mgr.cleanup_target': {
    values: [
      'ExpiredExports',
      'StaleUploadSessions',
      'SoftDeletedFiles',
      'RenderFrameChunks',
      'OrphanObjects',
      'ExpiredSnapshots',
    ],
    upstream: false,
  },
  'file_mgr.cleanup_run_status': { values: ['Running', 'Succeeded', 'Failed'], upstream: false },

  // ── notification ─────────────────────────────────────────────────────────
  // 14 (spec: L1034–1041)
  'notification.notification_type': {
    values: [
      'RenderCompleted',
      'RenderFailed',
      'RenderProgress',
      'PlanExpiring',
      'PlanExpired',
      'PaymentSuccess',
      'PaymentFailed',
      'StorageWarning',
      'StorageFull',
      'ExportExpiring',
      'ExportDeleted',
      'GiftEarned',
      'QuestCompleted',
      'LevelUp',
      'AccountSecurity',
      'SystemAnnouncement',
      'TenantInvite',
      'Marketing',
      'Other',
    ],
    upstream: true,
  },
  'notification.notification_priority': { values: ['Low', 'Normal', 'High', 'Urgent'], upstream: true },
  // spec: L1040 / C7 (L55) — the label is `SMS`, all caps.
  'notification.notification_channel': {
    values: ['InApp', 'Push', 'Email', 'SMS', 'Telegram', 'Webhook'],
    upstream: true,
  },
  // spec: L1041 — `Sent`, `Delivered` [upstream]; `Failed` implied; `Pending`, `Skipped` [designed] → false.
  'notification.delivery_status': {
    values: ['Pending', 'Sent', 'Delivered', 'Failed', 'Skipped'],
    upstream: false,
  },
};

/**
 * identity.tenants columns in spec order (spec: L122–147): name, data type as
 * format_type() prints it, nullable, and the column default as pg_get_expr
 * prints it (or null).
 *
 * spec: L146 — `created_at / updated_at` is one spec row; it is two columns. The
 * table therefore has 23 columns, while 5.2 (L1220) says "22 columns" (it counts
 * spec rows).
 * spec: L51 (C3) — enums land in `identity`, citext is found through `public`.
 * format_type/pg_get_expr qualify a type name only when it is not visible on the
 * current search_path, so `citext` assumes `public` is on the path and
 * `identity.tenant_kind` assumes `identity` is not. The checking test must read
 * the catalog with a search_path of `public` (e.g. `SET search_path TO public`).
 */
export const specTenantColumns: readonly {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}[] = [
  // spec: L126 "PK, `gen_random_uuid()`" (DEFAULT per C4, L52); PK ⇒ NOT NULL.
  { name: 'id', type: 'uuid', nullable: false, default: 'gen_random_uuid()' },
  { name: 'slug', type: 'citext', nullable: false, default: null },
  { name: 'name', type: 'text', nullable: false, default: null },
  {
    name: 'kind',
    type: 'identity.tenant_kind',
    nullable: false,
    default: "'Reseller'::identity.tenant_kind",
  },
  {
    name: 'status',
    type: 'identity.tenant_status',
    nullable: false,
    default: "'Trial'::identity.tenant_status",
  },
  { name: 'custom_domain', type: 'citext', nullable: true, default: null },
  { name: 'domain_verified', type: 'boolean', nullable: false, default: 'false' },
  // spec: L57 (C9) — `TEXT[] NOT NULL DEFAULT '{}'`.
  { name: 'allowed_origins', type: 'text[]', nullable: false, default: "'{}'::text[]" },
  { name: 'contact_name', type: 'text', nullable: true, default: null },
  { name: 'contact_email', type: 'citext', nullable: true, default: null },
  { name: 'contact_phone', type: 'text', nullable: true, default: null },
  { name: 'billing_email', type: 'citext', nullable: true, default: null },
  { name: 'max_users', type: 'integer', nullable: true, default: null },
  { name: 'max_storage_gb', type: 'integer', nullable: true, default: null },
  { name: 'monthly_render_qty', type: 'integer', nullable: true, default: null },
  { name: 'monthly_render_sec', type: 'integer', nullable: true, default: null },
  { name: 'trial_ends_at', type: 'timestamp with time zone', nullable: true, default: null },
  { name: 'suspended_at', type: 'timestamp with time zone', nullable: true, default: null },
  { name: 'suspension_reason', type: 'text', nullable: true, default: null },
  // spec: L145 / C8 (L56) — `JSONB NOT NULL DEFAULT '{}'::jsonb`.
  { name: 'metadata', type: 'jsonb', nullable: false, default: "'{}'::jsonb" },
  { name: 'created_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
  { name: 'updated_at', type: 'timestamp with time zone', nullable: false, default: 'now()' },
  { name: 'deleted_at', type: 'timestamp with time zone', nullable: true, default: null },
];

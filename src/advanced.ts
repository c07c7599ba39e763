// @flatrender/seed/advanced: the parts under the root export, for tools and power users — the
// server providers and binaries, templates and spare clones, configuration, migrations, locks,
// partitions, URL helpers, the scenario catalogue and the seeded-world cache. What a test or a
// script usually calls is in '@flatrender/seed'; the bulk load in '@flatrender/seed/load'.

export { providerNames } from './config/provider-names.js';
export {
  type ConfigFlags,
  DEFAULT_SPARE_CLONES,
  environmentConfig,
  MIN_SECRET_LENGTH,
  resolveConfig,
  resolveTarget,
  type SeedConfig,
  type TargetDatabase,
  type UrlSource,
} from './config/resolve-config.js';
export {
  DATABASE_LOCK_WAIT_MS,
  type DatabaseLock,
  type LockOptions,
  lockDatabase,
} from './database/database-lock.js';
export { type DatabaseContents, describeDatabase } from './database/describe-database.js';
export { ensureHistoryPartitions, MONTHLY_PARTITIONED_TABLES } from './database/history-partitions.js';
export { claimSpare, listSpares, spareClonesFor } from './database/spare-clones.js';
export { type SpareStock, type StockSparesOptions, stockSpares } from './database/spare-stock.js';
export { closeAdminConnections } from './database/test-database.js';
export { SCENARIO_HISTORY_MONTHS, scenarioHistoryMonths } from './domain/partitions.js';
export { DEFAULT_TENANT_ID } from './domain/tenancy.js';
export { SEED_ERROR_CODES } from './errors.js';
export {
  type AssertMigratedOptions,
  assertMigrated,
  type SchemaState,
  schemaState,
} from './migrations/assert-migrated.js';
export {
  defaultMigrationsDir,
  type MigrationFile,
  readMigrationFiles,
} from './migrations/migration-files.js';
export { type MigrationStatus, migrationStatus } from './migrations/migration-status.js';
export {
  ensureTemplate,
  type TemplateDatabase,
  type TemplateOptions,
} from './migrations/template-database.js';
export { builtInEntries, LOAD_SCENARIO } from './scenarios/registry.js';
export { runScenario } from './scenarios/run-scenario.js';
export { tableInfo } from './schema/generated/tables.js';
export { type CachedWorld, ensureCachedWorlds, WORLDS_KEEP, type WorldSpec } from './seeding/cache-worlds.js';
export { type MarkOptions, markDatabase } from './seeding/mark-database.js';
export { type PrepareOptions, prepareDatabase } from './seeding/prepare-database.js';
export {
  CONFIG_FILES,
  resolveScenario,
  type SeedProjectConfig,
  scenarioCatalog,
} from './seeding/scenario-catalog.js';
export { scenarioDigest } from './seeding/scenario-digest.js';
export {
  defaultWorldNow,
  ensureSeededTemplate,
  type SeededTemplate,
  type SeededTemplateOptions,
  seededTemplateName,
} from './seeding/seeded-template.js';
export { type ServedDatabase, type ServeOptions, startServing } from './seeding/serve-database.js';
export { serveUntilSignal } from './seeding/serve-until-signal.js';
export { readWorld, WORLD_TABLE } from './seeding/world-record.js';
export { POSTGRES_IMAGE, pingEngine, startDocker } from './server/docker-provider.js';
export {
  binariesPackage,
  type LocatedBinaries,
  locateBinaries,
  type PostgresBinaries,
  probeBinaries,
} from './server/embedded/binaries.js';
export {
  type EmbeddedOptions,
  type StartedEmbeddedServer,
  startEmbedded,
} from './server/embedded/embedded-provider.js';
export { roleUrl, serviceRoleUrls } from './server/service-roles.js';
export { completeChoice, embeddedOptions } from './server/start-server.js';
export { useExistingServer } from './server/url-provider.js';
export { databaseOf, redact, withDatabase } from './sql/database-url.js';
export { quoteIdent, quoteLiteral, quoteTable } from './sql/identifiers.js';

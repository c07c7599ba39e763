// The public surface of @flatrender/seed. Vitest integration: '@flatrender/seed/vitest' and
// '@flatrender/seed/vitest/global-setup'.

export { type ProviderName, providerNames } from './config/provider-names.js';
export {
  type ConfigFlags,
  DEFAULT_SPARE_CLONES,
  MIN_SECRET_LENGTH,
  type ProviderChoice,
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
export { explainEnvironmentFailure } from './database/environment-failure.js';
export { ensureHistoryPartitions, MONTHLY_PARTITIONED_TABLES } from './database/history-partitions.js';
export {
  claimSpare,
  listSpares,
  spareClonesFor,
} from './database/spare-clones.js';
export { type SpareStock, type StockSparesOptions, stockSpares } from './database/spare-stock.js';
export {
  type CreateTestDatabaseOptions,
  closeAdminConnections,
  createTestDatabase,
  type TestDatabase,
} from './database/test-database.js';
export { MAX_SCALE } from './domain/load-scale.js';
export { SCENARIO_HISTORY_MONTHS, scenarioHistoryMonths } from './domain/partitions.js';
export { hashApiKey } from './domain/reseller-api.js';
export { isSeedError, SeedError } from './errors.js';
export {
  createFactories,
  DEFAULT_TENANT_ID,
  defineFactory,
  type Factories,
  type SeedOptions,
} from './factories/index.js';
export {
  defaultWorkers,
  estimateLoad,
  type LoadEstimate,
  type LoadOptions,
  type LoadProgress,
  type LoadResult,
  type LoadTarget,
  runLoad,
  type ShardSpec,
  terminalProgress,
} from './load/index.js';
export {
  type MissingDefinition,
  missingDefinitions,
  type RecoveredLoad,
  recoverInterruptedLoad,
} from './load/interrupted-load.js';
export {
  type AssertMigratedOptions,
  assertMigrated,
  type SchemaState,
  schemaState,
} from './migrations/assert-migrated.js';
export { type MigrateOptions, type MigrateResult, migrate } from './migrations/migrate.js';
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
export type { CredentialSource } from './scenarios/credential-secret.js';
export {
  builtInEntries,
  LOAD_SCENARIO,
  type ScenarioEntry,
  type ScenarioKind,
  type ScenarioName,
  type ScenarioUse,
  scenarios,
} from './scenarios/registry.js';
export { type RunScenarioOptions, runScenario, type SeedSummary } from './scenarios/run-scenario.js';
export {
  type Credentials,
  defineScenario,
  type Progress,
  type Scenario,
  type ScenarioDefinition,
  type ScenarioOutput,
} from './scenarios/scenario.js';
// The row, insert and enum types of every table (IdentityUsersRow, RenderRenderJobStatus, …) and the Tables map.
export type * from './schema/generated/tables.js';
export { enumValues, tableInfo } from './schema/generated/tables.js';
export type { InsertOf, RowOf } from './schema/table-meta.js';
export { type CachedWorld, ensureCachedWorlds, WORLDS_KEEP, type WorldSpec } from './seeding/cache-worlds.js';
export { type MarkOptions, markDatabase } from './seeding/mark-database.js';
export { type OpenedWorld, type OpenWorldOptions, openWorld } from './seeding/open-world.js';
export { type PrepareOptions, prepareDatabase } from './seeding/prepare-database.js';
export { type RefreshOptions, refreshDatabase } from './seeding/refresh-database.js';
export { type ResetOptions, resetDatabase } from './seeding/reset-database.js';
export {
  CONFIG_FILES,
  resolveScenario,
  type SeedProjectConfig,
  scenarioCatalog,
} from './seeding/scenario-catalog.js';
export { scenarioDigest } from './seeding/scenario-digest.js';
export { type SeedDatabaseOptions, seedDatabase } from './seeding/seed-database.js';
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
export { type ReadyServer, startReadyServer } from './server/ready-server.js';
export { roleUrl, serviceRoleUrls } from './server/service-roles.js';
export { startServer } from './server/start-server.js';
export type { StartedServer, StartOptions } from './server/started-server.js';
export { useExistingServer } from './server/url-provider.js';
export { databaseOf, redact, withDatabase } from './sql/database-url.js';
export { quoteIdent } from './sql/identifiers.js';
export type { Queryable } from './sql/queryable.js';
export { type Violation, verifyDatabase } from './verify/verify-database.js';

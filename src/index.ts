// The public surface of @flatrender/seed: what a user calls, plus its types. Server, template and
// spare-pool internals, configuration and SQL helpers: '@flatrender/seed/advanced'. The bulk load:
// '@flatrender/seed/load'. Vitest: '@flatrender/seed/vitest' and '@flatrender/seed/vitest/global-setup'.

export type { ProviderName } from './config/provider-names.js';
export type { ProviderChoice } from './config/resolve-config.js';
export {
  type CreateTestDatabaseOptions,
  createTestDatabase,
  type TestDatabase,
} from './database/test-database.js';
export { hashApiKey } from './domain/reseller-api.js';
export { isSeedError, SeedError, type SeedErrorCode } from './errors.js';
export { createFactories, type Factories, type SeedOptions } from './factories/index.js';
export { type MigrateOptions, type MigrateResult, migrate } from './migrations/migrate.js';
export type { CredentialSource } from './scenarios/credential-secret.js';
export {
  type ScenarioEntry,
  type ScenarioKind,
  type ScenarioName,
  type ScenarioUse,
  scenarios,
} from './scenarios/registry.js';
export type { RunScenarioOptions, SeedSummary } from './scenarios/run-scenario.js';
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
export { enumValues } from './schema/generated/tables.js';
export type { InsertOf, RowOf } from './schema/table-meta.js';
export { type OpenedWorld, type OpenWorldOptions, openWorld } from './seeding/open-world.js';
export { type RefreshOptions, refreshDatabase } from './seeding/refresh-database.js';
export { type ResetOptions, resetDatabase } from './seeding/reset-database.js';
export { type SeedDatabaseOptions, seedDatabase } from './seeding/seed-database.js';
export { type ReadyServer, startReadyServer } from './server/ready-server.js';
export { type ServerChoice, startServer } from './server/start-server.js';
export type { StartedServer, StartOptions } from './server/started-server.js';
export type { Queryable } from './sql/queryable.js';
export { type Violation, verifyDatabase } from './verify/verify-database.js';

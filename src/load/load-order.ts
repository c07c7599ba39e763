import type { Row } from '../sql/copy-text.js';
import type { LoadTable } from '../sql/load-table.js';
import { paymentRows, paymentsTable, walletTransactionRows, walletTransactionsTable } from './gen-billing.js';
import {
  categoriesTable,
  categoryRows,
  containerRows,
  containersTable,
  projectRows,
  projectsTable,
  savedProjectRows,
  savedProjectsTable,
} from './gen-catalogue.js';
import { fileRows, filesTable } from './gen-files.js';
import {
  apiKeyRows,
  apiKeysTable,
  brandingRows,
  brandingTable,
  priceRateRows,
  priceRatesTable,
  pushSubscriptionRows,
  pushSubscriptionsTable,
  tenantRows,
  tenantsTable,
  userRows,
  usersTable,
} from './gen-identity.js';
import { requestLogRows, requestLogsTable, usageRows, usageTable } from './gen-logs.js';
import { healthLogRows, healthLogsTable, nodeCrashesTable, nodeCrashRows, nodesTable } from './gen-nodes.js';
import {
  deliveriesTable,
  deliveryRows,
  notificationRows,
  notificationsTable,
  telegramLinkRows,
  telegramLinksTable,
} from './gen-notifications.js';
import {
  exportRows,
  exportsTable,
  frameJobRows,
  frameJobsTable,
  frameRepairJobsTable,
  frameRepairRows,
  jobEventRows,
  jobEventsTable,
  renderJobRows,
  renderJobsTable,
} from './gen-render.js';
import type { NodeContext, TenantContext } from './tenant-context.js';

export type ShardTable =
  | { readonly table: LoadTable; readonly scope: 'tenant'; rows(ctx: TenantContext): Iterable<Row> }
  | { readonly table: LoadTable; readonly scope: 'node'; rows(ctx: NodeContext): Iterable<Row> };

/**
 * The tables a shard fills, in load order. Parents come before their children (foreign keys hold
 * at every step when they are kept), and the tables whose rows feed aggregates come before the
 * rows that read them: render_jobs before saved_projects (render counts), request logs before
 * API keys (their last use), and everything before tenant_usage_daily (metering). Users come before their jobs but their balances come from the
 * jobs' (pure, cached) cores through the wallet ledger. render.nodes is loaded by the coordinator
 * before any shard.
 */
export const SHARD_TABLES: readonly ShardTable[] = [
  { table: tenantsTable, scope: 'tenant', rows: tenantRows },
  { table: brandingTable, scope: 'tenant', rows: brandingRows },
  { table: priceRatesTable, scope: 'tenant', rows: priceRateRows },
  { table: usersTable, scope: 'tenant', rows: userRows },
  { table: pushSubscriptionsTable, scope: 'tenant', rows: pushSubscriptionRows },
  { table: paymentsTable, scope: 'tenant', rows: paymentRows },
  { table: walletTransactionsTable, scope: 'tenant', rows: walletTransactionRows },
  { table: categoriesTable, scope: 'tenant', rows: categoryRows },
  { table: containersTable, scope: 'tenant', rows: containerRows },
  { table: projectsTable, scope: 'tenant', rows: projectRows },
  { table: renderJobsTable, scope: 'tenant', rows: renderJobRows },
  { table: savedProjectsTable, scope: 'tenant', rows: savedProjectRows },
  { table: jobEventsTable, scope: 'tenant', rows: jobEventRows },
  { table: frameJobsTable, scope: 'tenant', rows: frameJobRows },
  { table: frameRepairJobsTable, scope: 'tenant', rows: frameRepairRows },
  { table: filesTable, scope: 'tenant', rows: fileRows },
  { table: exportsTable, scope: 'tenant', rows: exportRows },
  { table: telegramLinksTable, scope: 'tenant', rows: telegramLinkRows },
  { table: notificationsTable, scope: 'tenant', rows: notificationRows },
  { table: deliveriesTable, scope: 'tenant', rows: deliveryRows },
  { table: requestLogsTable, scope: 'tenant', rows: requestLogRows },
  { table: apiKeysTable, scope: 'tenant', rows: apiKeyRows },
  { table: usageTable, scope: 'tenant', rows: usageRows },
  { table: healthLogsTable, scope: 'node', rows: healthLogRows },
  { table: nodeCrashesTable, scope: 'node', rows: nodeCrashRows },
];

/** Every table the load writes, in load order (render.nodes first). */
export const LOADED_TABLES: readonly LoadTable[] = [nodesTable, ...SHARD_TABLES.map((t) => t.table)];

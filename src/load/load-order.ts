import type { Row } from './column-codec.js';
import {
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
  tenantRows,
  tenantsTable,
  userRows,
  usersTable,
} from './gen-identity.js';
import { requestLogRows, requestLogsTable, usageRows, usageTable } from './gen-logs.js';
import { healthLogRows, healthLogsTable, nodesTable } from './gen-nodes.js';
import { deliveriesTable, deliveryRows, notificationRows, notificationsTable } from './gen-notifications.js';
import {
  exportRows,
  exportsTable,
  frameJobRows,
  frameJobsTable,
  jobEventRows,
  jobEventsTable,
  renderJobRows,
  renderJobsTable,
} from './gen-render.js';
import type { LoadTable } from './load-table.js';
import type { NodeContext, TenantContext } from './tenant-context.js';

export type ShardTable =
  | { readonly table: LoadTable; readonly scope: 'tenant'; rows(ctx: TenantContext): Iterable<Row> }
  | { readonly table: LoadTable; readonly scope: 'node'; rows(ctx: NodeContext): Iterable<Row> };

/**
 * The tables a shard fills, in load order. Parents come before their children (foreign keys hold
 * at every step when they are kept), and the tables whose rows feed aggregates come before the
 * rows that read them: render_jobs before saved_projects (render counts), and everything before
 * tenant_usage_daily (metering). render.nodes is loaded by the coordinator before any shard.
 */
export const SHARD_TABLES: readonly ShardTable[] = [
  { table: tenantsTable, scope: 'tenant', rows: tenantRows },
  { table: brandingTable, scope: 'tenant', rows: brandingRows },
  { table: usersTable, scope: 'tenant', rows: userRows },
  { table: apiKeysTable, scope: 'tenant', rows: apiKeyRows },
  { table: containersTable, scope: 'tenant', rows: containerRows },
  { table: projectsTable, scope: 'tenant', rows: projectRows },
  { table: renderJobsTable, scope: 'tenant', rows: renderJobRows },
  { table: savedProjectsTable, scope: 'tenant', rows: savedProjectRows },
  { table: jobEventsTable, scope: 'tenant', rows: jobEventRows },
  { table: frameJobsTable, scope: 'tenant', rows: frameJobRows },
  { table: filesTable, scope: 'tenant', rows: fileRows },
  { table: exportsTable, scope: 'tenant', rows: exportRows },
  { table: notificationsTable, scope: 'tenant', rows: notificationRows },
  { table: deliveriesTable, scope: 'tenant', rows: deliveryRows },
  { table: requestLogsTable, scope: 'tenant', rows: requestLogRows },
  { table: usageTable, scope: 'tenant', rows: usageRows },
  { table: healthLogsTable, scope: 'node', rows: healthLogRows },
];

/** Every table the load writes, in load order (render.nodes first). */
export const LOADED_TABLES: readonly LoadTable[] = [nodesTable, ...SHARD_TABLES.map((t) => t.table)];

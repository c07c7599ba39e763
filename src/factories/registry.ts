import type { TableName } from '../schema/table-meta.js';
import { contentFactories } from './content/index.js';
import type { AnyDefinition } from './core/factory.js';
import { fileFactories } from './file-mgr/index.js';
import { identityAccessFactories } from './identity/access-group.js';
import { identityBillingFactories } from './identity/billing-group.js';
import { identityCoreFactories } from './identity/index.js';
import { notificationFactories } from './notification/index.js';
import { renderFactories } from './render/index.js';
import { studioFactories } from './studio/index.js';

/** Every factory, by the name it has on `f` (`f.renderJob`). One per table of the schema. */
export const factoryDefinitions = {
  ...identityCoreFactories,
  ...identityAccessFactories,
  ...identityBillingFactories,
  ...contentFactories,
  ...studioFactories,
  ...renderFactories,
  ...fileFactories,
  ...notificationFactories,
} as const;

export type FactoryName = keyof typeof factoryDefinitions;

/** The same, by table: how a factory finds the factory of a parent it must create. */
export const definitionsByTable: ReadonlyMap<TableName, AnyDefinition> = new Map(
  Object.values(factoryDefinitions).map((definition) => [
    definition.table as TableName,
    definition as AnyDefinition,
  ]),
);

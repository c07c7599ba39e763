import { tenantBrandingFactory, tenantFactory } from './tenants.js';
import { userFactory } from './users.js';

export const identityCoreFactories = {
  tenant: tenantFactory,
  tenantBranding: tenantBrandingFactory,
  user: userFactory,
} as const;

import { fileURLToPath } from 'node:url';
import { CredentialBook } from './credentials.js';
import { defineScenario } from './scenario.js';

/** The default tenant, an admin, and one user with an active plan: the smallest useful database. */
export const minimalScenario = defineScenario({
  module: fileURLToPath(import.meta.url),
  name: 'minimal',
  description: 'The default FlatRender tenant, an admin and one user with an active plan',
  fills: [
    'identity.tenants',
    'identity.users',
    'identity.plans',
    'identity.user_plans',
    'identity.payments',
    'identity.discount_codes',
  ],
  async run(f, progress) {
    progress('admin, user and plan');
    const book = new CredentialBook();
    const tenant = await f.context.ensure('identity.tenants');
    const admin = await f.user.admin().create();
    const user = await f.user.create();
    const plan = await f.plan.pro().create();
    const userPlan = await f.use(user, plan).userPlan.active().create();
    book.login(tenant, admin, 'admin panel');
    book.login(tenant, user);
    return { handles: { tenant, admin, user, plan, userPlan }, credentials: book.toJSON() };
  },
});

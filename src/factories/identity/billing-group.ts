// Filled in by the factories of this group; see ../registry.ts.
export const identityBillingFactories = {} as const;

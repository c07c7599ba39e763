// Filled in by the factories of this group; see ../registry.ts.
export const contentFactories = {} as const;

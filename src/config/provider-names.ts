/** The ways the toolkit can get a PostgreSQL server (`--provider`, FLATRENDER_SEED_PROVIDER). */
export const providerNames = ['embedded', 'docker', 'url'] as const;
export type ProviderName = (typeof providerNames)[number];

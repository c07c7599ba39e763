/** The tenants every world starts from. */

/** The FlatRender tenant (kind Internal), inserted by 01_identity_tenants.sql: rows belong to it unless a context says otherwise. */
export const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000001';

/** The reference time of the factories when none is given (the CLI defaults to midnight UTC today). */
export const DEFAULT_NOW = '2026-06-01T00:00:00Z';

/** Midnight UTC of the day of an instant: the CLI's default reference time, so a day's reruns agree. */
export function midnightUtc(ms: number): Date {
  return new Date(Math.floor(ms / 86_400_000) * 86_400_000);
}

import { SeedError } from '../errors.js';

/** The tenants every world starts from. */

/** The FlatRender tenant (kind Internal), inserted by 01_identity_tenants.sql: rows belong to it unless a context says otherwise. */
export const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000001';

/** The reference time of the factories when none is given (the CLI defaults to midnight UTC today). */
export const DEFAULT_NOW = '2026-06-01T00:00:00Z';

/**
 * The reference time of a run as a Date (DEFAULT_NOW when none is given). Both engines read
 * `now` through this, so a bad value gets the same error from either.
 */
export function referenceTime(now: string | Date | undefined): Date {
  const date = new Date(now ?? DEFAULT_NOW);
  if (Number.isNaN(date.getTime())) {
    throw new SeedError('E_BAD_NOW', `The reference time ${JSON.stringify(now)} is not a date.`, {
      fix: 'Pass an ISO-8601 time such as 2026-06-01T00:00:00Z.',
    });
  }
  return date;
}

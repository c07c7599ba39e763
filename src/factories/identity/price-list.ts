import {
  PLATFORM_PRICE_PER_SECOND,
  type Rate,
  RESELLER_PRICES_PER_SECOND,
  SECONDS_MULTIPLIER,
  type VideoQuality,
} from '../../domain/pricing.js';
import { hashSeed } from '../../domain/random.js';
import { DEFAULT_TENANT_ID } from '../../domain/tenancy.js';
import type { Queryable } from '../../sql/queryable.js';

/** The price per billable second a tenant sells at: FlatRender's own, or one of the reseller prices. */
export function tenantPricePerSecond(tenantId: string): number {
  if (tenantId === DEFAULT_TENANT_ID) return PLATFORM_PRICE_PER_SECOND;
  return RESELLER_PRICES_PER_SECOND[hashSeed(tenantId)[0] % RESELLER_PRICES_PER_SECOND.length]!;
}

/** The rate a job of the tenant is priced at: the tenant's own row for the quality, else FlatRender's (pricing.ts). */
export async function rateFor(db: Queryable, tenantId: string, quality: string): Promise<Rate> {
  const { rows } = await db.query<{ multiplier: string; price: string | null }>(
    `SELECT seconds_multiplier AS multiplier, price_per_second_minor AS price FROM identity.render_price_rates
      WHERE quality::text = $2 AND tenant_id IN ($1, $3) ORDER BY tenant_id = $1 DESC LIMIT 1`,
    [tenantId, quality, DEFAULT_TENANT_ID],
  );
  const row = rows[0];
  if (!row)
    return {
      multiplier: SECONDS_MULTIPLIER[quality as VideoQuality] ?? 1,
      pricePerSecond: PLATFORM_PRICE_PER_SECOND,
    };
  return {
    multiplier: Number(row.multiplier),
    pricePerSecond: row.price === null ? null : Number(row.price),
  };
}

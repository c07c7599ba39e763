/** Literals the generators build: numerics with fixed decimals and JSON documents. */

/** A number with a fixed count of decimals (a numeric column's literal). */
export function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** A jsonb value's text. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

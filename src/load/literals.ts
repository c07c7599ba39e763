/**
 * Literals the generators build: numerics with fixed decimals and JSON documents. The hot ones
 * are written by hand instead of by `Number#toFixed` and `JSON.stringify`, which were a sixth of
 * the generators' time (issue 14); each gives exactly the built-in's text (unit-tested against it
 * on random values), so a value does not depend on which one made it.
 */

const SCALE = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
/** Zeros to pad a fraction of up to 6 digits on the left. */
const PAD = ['', '0', '00', '000', '0000', '00000'];

/**
 * A number with a fixed count of decimals (a numeric column's literal): exactly
 * `value.toFixed(digits)`, which rounds the exact binary value to the nearest multiple of
 * 10^-digits. The integer path answers when `value × 10^digits` is below 1e11 (so the product's
 * rounding error is under 1.2e-5) and at least 1e-4 away from half-way between two integers (so
 * that error cannot change the nearest one); ties, negatives and anything unusual go to `toFixed`.
 */
export function fixed(value: number, digits: number): string {
  if (!(value >= 0) || digits < 1 || digits > 6) return value.toFixed(digits);
  const scaled = value * SCALE[digits]!;
  if (!(scaled < 1e11)) return value.toFixed(digits);
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  if (rest > 0.4999 && rest < 0.5001) return value.toFixed(digits);
  const n = rest < 0.5 ? floor : floor + 1;
  const unit = SCALE[digits]!;
  const whole = Math.floor(n / unit);
  const fraction = `${n - whole * unit}`;
  return `${whole}.${PAD[digits - fraction.length]}${fraction}`;
}

/** A JSON string: exactly `JSON.stringify(text)` (which escapes only these, and lone surrogates). */
export function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** A JSON number: exactly `JSON.stringify(value)`. */
export function jsonNumber(value: number): string {
  return Number.isFinite(value) ? `${value}` : 'null';
}

/** A jsonb value's text. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

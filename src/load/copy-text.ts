/**
 * PostgreSQL text forms the loader needs: COPY escaping, array literals, numerics and JSON.
 * (Values are typed in generated rows; column-codec.ts turns them into text or binary.)
 */

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Escapes a field for COPY's text format (backslash, tab, newline, carriage return). */
export function escapeCopy(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]!) : value;
}

const ARRAY_QUOTE = /[{}",\\\s]/;

/** An array literal (`{a,"b c"}`) of text-like elements. */
export function pgArray(items: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (i > 0) out += ',';
    out +=
      item === '' || ARRAY_QUOTE.test(item) || item.toUpperCase() === 'NULL'
        ? `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`
        : item;
  }
  return `${out}}`;
}

/** A number with a fixed count of decimals (a numeric column's literal). */
export function fixed(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** A jsonb value's text. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * The text PostgreSQL receives for a JavaScript value, the same whether it travels as an INSERT
 * parameter or in a COPY text field: null for NULL; `\x…` hex for a Buffer (bytea); an ISO-8601
 * UTC instant for a Date (so the stored value never depends on the process's time zone); an array
 * literal `{…}` for an array (elements quoted and escaped, NULL for null); JSON for any other
 * object; `String(value)` otherwise. What the factories hand to both paths (no private API of pg).
 *
 * @example
 * parameterText(['a"b', null]); // '{"a\\"b",NULL}'
 */
export function parameterText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return String(value);
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (ArrayBuffer.isView(value)) {
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  return JSON.stringify(value);
}

function arrayLiteral(items: readonly unknown[]): string {
  const parts = items.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    if (Array.isArray(item)) return arrayLiteral(item);
    const text = parameterText(item) ?? '';
    return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  });
  return `{${parts.join(',')}}`;
}

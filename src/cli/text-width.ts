/**
 * The columns a string takes on a terminal: combining marks (Persian harakat), zero-width joiners
 * and non-joiners (common in Persian: U+200C) take none; East Asian wide characters and emoji take two.
 *
 * @example
 * displayWidth('می‌خواهم'); // 7: the non-joiner takes no column
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (/[\p{Mn}\p{Me}\p{Cf}]/u.test(char)) continue;
    const code = char.codePointAt(0) ?? 0;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** `text` padded with spaces to `width` terminal columns. */
export function padEndWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * Rows of cells as aligned lines: every column but the last padded to its widest cell, two spaces
 * apart, each line indented by `indent`.
 */
export function alignColumns(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === row.length - 1 ? cell : padEndWidth(cell, widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
  );
}

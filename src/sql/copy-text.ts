/**
 * The one COPY text encoder (PostgreSQL's text forms, COPY's escaping), shared by the factories'
 * COPY path and the bulk load's INSERT parameters and COPY text files. Also where a loaded
 * column's kind and its typed values are defined (copy-binary.ts encodes the same values).
 */

/**
 * How a loaded column's values are represented and encoded. Generators produce typed values
 * (numbers for integers and times, booleans, strings, string arrays); the encoders turn them into
 * COPY's binary format (copy-binary.ts) or into text (COPY text files, INSERT parameters). Both
 * forms store the same values.
 */
export type ColumnKind =
  | 'uuid'
  | 'text'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'bool'
  | 'timestamptz'
  | 'date'
  | 'numeric'
  | 'jsonb'
  | 'bytea'
  | 'inet'
  | 'text[]'
  | 'int4[]';

/**
 * A generated value. By kind: uuid/text/numeric/jsonb/inet a string (numeric as its decimal
 * literal, bytea as hex digits), int2/4/8 a safe integer, bool a boolean, timestamptz epoch
 * milliseconds, date days since 1970-01-01, text[] an array of strings.
 */
export type Value = string | number | boolean | readonly string[] | readonly number[] | null;
/** A generated row: its values in the order of the table's load column list. */
export type Row = Value[];

const TEXT_TYPES = new Set(['text', 'citext', 'bpchar', 'varchar']);
const DIRECT: Record<string, ColumnKind> = {
  uuid: 'uuid',
  int2: 'int2',
  int4: 'int4',
  int8: 'int8',
  bool: 'bool',
  timestamptz: 'timestamptz',
  date: 'date',
  numeric: 'numeric',
  jsonb: 'jsonb',
  bytea: 'bytea',
  inet: 'inet',
};

/** The kind of a column from its generated metadata, or an error naming what cannot be encoded. */
export function columnKind(type: string, array: boolean, isEnum: boolean): ColumnKind {
  if (array) {
    if (TEXT_TYPES.has(type) || isEnum) return 'text[]';
    if (type === 'int4') return 'int4[]';
  } else {
    if (TEXT_TYPES.has(type) || isEnum) return 'text';
    const kind = DIRECT[type];
    if (kind) return kind;
  }
  throw new Error(`the loader cannot encode columns of type ${type}${array ? '[]' : ''}`);
}

/** The error for a value that does not fit its column's kind (the caller adds table and column). */
export function mismatch(kind: ColumnKind, value: unknown): Error {
  return new Error(`a ${kind} column got ${JSON.stringify(value)} (${typeof value})`);
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Escapes a field for COPY's text format (backslash, tab, newline, carriage return). */
export function escapeCopy(value: string): string {
  return COPY_SPECIAL.test(value) ? value.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]!) : value;
}

/** One COPY text field from a value's text form: `\N` for NULL, else escaped. */
export function copyTextField(text: string | null | undefined): string {
  return text === null || text === undefined ? '\\N' : escapeCopy(text);
}

/** One COPY text line (with its newline) from the fields' text forms. */
export function copyTextFields(texts: readonly (string | null | undefined)[]): string {
  let line = '';
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) line += '\t';
    line += copyTextField(texts[i]);
  }
  return `${line}\n`;
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

const DAY_MS = 86_400_000;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), by Hinnant's civil-from-days algorithm. */
export function isoDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${two(Math.floor(year / 100))}${two(year % 100)}-${two(month)}-${two(day)}`;
}

/** Exactly `new Date(ms).toISOString()` for times from 1970 to 9999 (a timestamptz literal). */
export function iso(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  let rest = t - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${isoDate(day)}T${two(h)}:${two(m)}:${two(s)}.${milli < 100 ? (milli < 10 ? '00' : '0') : ''}${milli}Z`;
}

/** PostgreSQL's text form of a value (for INSERT parameters; `copyTextLine` adds COPY escaping). */
export function textValue(kind: ColumnKind, value: Value): string | null {
  if (value === null) return null;
  switch (kind) {
    case 'int2':
    case 'int4':
    case 'int8':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw mismatch(kind, value);
      return String(value);
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch(kind, value);
      return value ? 't' : 'f';
    case 'timestamptz':
      if (typeof value !== 'number') throw mismatch(kind, value);
      return iso(value);
    case 'date':
      if (typeof value !== 'number') throw mismatch(kind, value);
      return isoDate(value);
    case 'bytea':
      if (typeof value !== 'string') throw mismatch(kind, value);
      return `\\x${value}`;
    case 'text[]':
      if (!Array.isArray(value)) throw mismatch(kind, value);
      return pgArray(value as readonly string[]);
    case 'int4[]':
      if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v))) throw mismatch(kind, value);
      return `{${value.join(',')}}`;
    default:
      if (typeof value !== 'string') throw mismatch(kind, value);
      return value;
  }
}

/** Kinds whose text form never holds a backslash, tab or newline. */
const SAFE_TEXT = new Set<ColumnKind>([
  'uuid',
  'int2',
  'int4',
  'int8',
  'bool',
  'timestamptz',
  'date',
  'numeric',
  'inet',
]);

/** One COPY text line (with its newline) of typed values. */
export function copyTextLine(row: readonly Value[], kinds: readonly ColumnKind[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    const kind = kinds[i]!;
    const text = textValue(kind, row[i] ?? null);
    line += text === null ? '\\N' : SAFE_TEXT.has(kind) ? text : escapeCopy(text);
  }
  return `${line}\n`;
}

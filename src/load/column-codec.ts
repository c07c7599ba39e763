import { escapeCopy, pgArray } from './copy-text.js';
import { iso, isoDate } from './fast-format.js';

/**
 * How a loaded column's values are represented and encoded. Generators produce typed values
 * (numbers for integers and times, booleans, strings, string arrays); the encoders below turn them
 * into COPY's binary format (the loader's wire format: PostgreSQL parses it ~30% faster than text)
 * or into text (COPY text files, INSERT parameters). Both forms store the same values.
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

/** The kind of a column from its generated metadata, or an error naming what the loader cannot encode. */
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

function mismatch(kind: ColumnKind, value: unknown): Error {
  return new Error(`a ${kind} column got ${JSON.stringify(value)} (${typeof value})`);
}

/** PostgreSQL's text form of a value (for INSERT parameters; `copyText` adds COPY escaping). */
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

/** One COPY text line (with its newline). */
export function copyTextLine(row: Row, kinds: readonly ColumnKind[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    const kind = kinds[i]!;
    const text = textValue(kind, row[i] ?? null);
    line += text === null ? '\\N' : SAFE_TEXT.has(kind) ? text : escapeCopy(text);
  }
  return `${line}\n`;
}

/** The 19-byte header of a binary COPY stream: signature, flags, header extension length. */
export const BINARY_HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
/** The trailer of a binary COPY stream: a field count of -1. */
export const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

const EPOCH_2000_MS = 946_684_800_000;
const EPOCH_2000_DAYS = 10_957;
const TWO_32 = 0x1_0000_0000;

/** Buffer#utf8Write: write(string, offset) without the argument parsing (present since Node 0.x, untyped). */
type Utf8Buffer = Buffer & { utf8Write(text: string, offset: number): number };

/** Buffer#writeInt32BE without its argument checks (hot: several per field). */
function int32(buf: Buffer, value: number, pos: number): void {
  buf[pos] = value >>> 24;
  buf[pos + 1] = value >>> 16;
  buf[pos + 2] = value >>> 8;
  buf[pos + 3] = value;
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
for (let i = 0; i < 6; i++) HEX_VALUE['ABCDEF'.charCodeAt(i)] = 10 + i;

/** Upper bound of a value's binary size (for buffer space). */
export function binarySizeBound(kind: ColumnKind, value: Value): number {
  if (value === null) return 4;
  switch (kind) {
    case 'text':
    case 'jsonb':
    case 'numeric':
      return 4 + 1 + (value as string).length * 3 + 16;
    case 'bytea':
      return 4 + (value as string).length;
    case 'text[]': {
      let size = 4 + 20;
      for (const item of value as readonly string[]) size += 4 + item.length * 3;
      return size;
    }
    case 'int4[]':
      return 4 + 20 + (value as readonly number[]).length * 8;
    default:
      return 4 + 16;
  }
}

/**
 * Writes one field (length word included) in COPY binary format at `pos` of `buf`; returns the
 * new position. `elementOid` is the element type of a text[] column (text or an enum type).
 */
export function writeBinary(
  buf: Buffer,
  pos: number,
  kind: ColumnKind,
  value: Value,
  elementOid: number,
): number {
  if (value === null) {
    int32(buf, -1, pos);
    return pos + 4;
  }
  switch (kind) {
    case 'uuid': {
      const s = value as string;
      if (typeof s !== 'string' || s.length !== 36) throw mismatch(kind, value);
      int32(buf, 16, pos);
      let at = pos + 4;
      for (let i = 0; i < 36; i++) {
        if (i === 8 || i === 13 || i === 18 || i === 23) continue;
        const hi = HEX_VALUE[s.charCodeAt(i)]!;
        const lo = HEX_VALUE[s.charCodeAt(++i)]!;
        if (hi < 0 || lo < 0) throw mismatch(kind, value);
        buf[at++] = (hi << 4) | lo;
      }
      return at;
    }
    case 'text': {
      if (typeof value !== 'string') throw mismatch(kind, value);
      const n = (buf as Utf8Buffer).utf8Write(value, pos + 4);
      int32(buf, n, pos);
      return pos + 4 + n;
    }
    case 'jsonb': {
      if (typeof value !== 'string') throw mismatch(kind, value);
      buf[pos + 4] = 1; // jsonb binary format version
      const n = (buf as Utf8Buffer).utf8Write(value, pos + 5);
      int32(buf, n + 1, pos);
      return pos + 5 + n;
    }
    case 'int2':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(kind, value);
      int32(buf, 2, pos);
      buf.writeInt16BE(value, pos + 4);
      return pos + 6;
    case 'int4':
      // Out of range, int32() would wrap silently where the text form fails: refuse it alike.
      if (typeof value !== 'number' || !Number.isInteger(value) || value !== (value | 0))
        throw mismatch(kind, value);
      int32(buf, 4, pos);
      int32(buf, value, pos + 4);
      return pos + 8;
    case 'int8':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw mismatch(kind, value);
      return writeInt64(buf, pos, value);
    case 'bool':
      if (typeof value !== 'boolean') throw mismatch(kind, value);
      int32(buf, 1, pos);
      buf[pos + 4] = value ? 1 : 0;
      return pos + 5;
    case 'timestamptz':
      if (typeof value !== 'number') throw mismatch(kind, value);
      return writeInt64(buf, pos, (Math.floor(value) - EPOCH_2000_MS) * 1000);
    case 'date':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch(kind, value);
      int32(buf, 4, pos);
      int32(buf, value - EPOCH_2000_DAYS, pos + 4);
      return pos + 8;
    case 'numeric':
      if (typeof value !== 'string') throw mismatch(kind, value);
      return writeNumeric(buf, pos, value);
    case 'bytea': {
      if (typeof value !== 'string') throw mismatch(kind, value);
      const n = buf.write(value, pos + 4, 'hex');
      if (n * 2 !== value.length) throw mismatch(kind, value);
      int32(buf, n, pos);
      return pos + 4 + n;
    }
    case 'inet': {
      if (typeof value !== 'string') throw mismatch(kind, value);
      const parts = value.split('.');
      if (parts.length !== 4) throw mismatch(kind, value);
      int32(buf, 8, pos);
      buf[pos + 4] = 2; // PGSQL_AF_INET
      buf[pos + 5] = 32; // netmask bits
      buf[pos + 6] = 0; // is_cidr
      buf[pos + 7] = 4; // address bytes
      for (let i = 0; i < 4; i++) {
        const octet = Number(parts[i]);
        if (!(Number.isInteger(octet) && octet >= 0 && octet <= 255)) throw mismatch(kind, value);
        buf[pos + 8 + i] = octet;
      }
      return pos + 12;
    }
    case 'text[]': {
      if (!Array.isArray(value)) throw mismatch(kind, value);
      const items = value as readonly string[];
      const start = pos;
      let at = pos + 4;
      int32(buf, items.length > 0 ? 1 : 0, at); // dimensions
      int32(buf, 0, at + 4); // has nulls
      int32(buf, elementOid, at + 8);
      at += 12;
      if (items.length > 0) {
        int32(buf, items.length, at);
        int32(buf, 1, at + 4); // lower bound
        at += 8;
        for (const item of items) {
          const n = (buf as Utf8Buffer).utf8Write(item, at + 4);
          int32(buf, n, at);
          at += 4 + n;
        }
      }
      int32(buf, at - start - 4, start);
      return at;
    }
    case 'int4[]': {
      if (!Array.isArray(value)) throw mismatch(kind, value);
      const items = value as readonly number[];
      const start = pos;
      let at = pos + 4;
      int32(buf, items.length > 0 ? 1 : 0, at); // dimensions
      int32(buf, 0, at + 4); // has nulls
      int32(buf, elementOid, at + 8);
      at += 12;
      if (items.length > 0) {
        int32(buf, items.length, at);
        int32(buf, 1, at + 4); // lower bound
        at += 8;
        for (const item of items) {
          if (item !== (item | 0)) throw mismatch(kind, value);
          int32(buf, 4, at);
          int32(buf, item, at + 4);
          at += 8;
        }
      }
      int32(buf, at - start - 4, start);
      return at;
    }
  }
}

function writeInt64(buf: Buffer, pos: number, value: number): number {
  const hi = Math.floor(value / TWO_32);
  int32(buf, 8, pos);
  int32(buf, hi, pos + 4);
  int32(buf, value - hi * TWO_32, pos + 8);
  return pos + 12;
}

const numericDigits = new Int16Array(64);

/**
 * numeric's binary form (base-10000 digits, weight, sign, display scale) of a decimal literal
 * such as `-12.500`, parsed by hand: a regex and string slices here cost more than the row.
 */
function writeNumeric(buf: Buffer, pos: number, literal: string): number {
  let i = 0;
  let negative = false;
  if (literal.charCodeAt(0) === 45 || literal.charCodeAt(0) === 43) {
    negative = literal.charCodeAt(0) === 45;
    i = 1;
  }
  const point = literal.indexOf('.', i);
  const intEnd = point < 0 ? literal.length : point;
  const dscale = point < 0 ? 0 : literal.length - point - 1;
  if (intEnd === i || (point >= 0 && dscale === 0)) throw mismatch('numeric', literal);
  // Digit groups of 4 aligned on the decimal point: the integer part from the right, the fraction from the left.
  const intDigits = intEnd - i;
  const intGroups = Math.ceil(intDigits / 4);
  const fracGroups = Math.ceil(dscale / 4);
  let count = 0;
  let digit = 0;
  let inGroup = (4 - (intDigits % 4)) % 4;
  for (let k = i; k < intEnd; k++) {
    const c = literal.charCodeAt(k) - 48;
    if (c < 0 || c > 9) throw mismatch('numeric', literal);
    digit = digit * 10 + c;
    if (++inGroup === 4) {
      numericDigits[count++] = digit;
      digit = 0;
      inGroup = 0;
    }
  }
  for (let g = 0; g < fracGroups; g++) {
    digit = 0;
    for (let d = 0; d < 4; d++) {
      const k = point + 1 + g * 4 + d;
      const c = k < literal.length ? literal.charCodeAt(k) - 48 : 0;
      if (c < 0 || c > 9) throw mismatch('numeric', literal);
      digit = digit * 10 + c;
    }
    numericDigits[count++] = digit;
  }
  let weight = intGroups - 1;
  let first = 0;
  while (first < count && numericDigits[first] === 0) {
    first++;
    weight--;
  }
  let last = count;
  while (last > first && numericDigits[last - 1] === 0) last--;
  const ndigits = last - first;
  if (ndigits === 0) weight = 0;
  int32(buf, 8 + ndigits * 2, pos);
  buf.writeInt16BE(ndigits, pos + 4);
  buf.writeInt16BE(weight, pos + 6);
  buf.writeUInt16BE(negative && ndigits > 0 ? 0x4000 : 0, pos + 8);
  buf.writeInt16BE(dscale, pos + 10);
  let at = pos + 12;
  for (let k = first; k < last; k++) {
    buf.writeInt16BE(numericDigits[k]!, at);
    at += 2;
  }
  return at;
}

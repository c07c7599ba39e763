import { type ColumnKind, mismatch, type Value } from './copy-text.js';

/**
 * The one COPY binary encoder (PostgreSQL's `*_send` forms, checked against them in the codec
 * test): the bulk load's wire format, which PostgreSQL parses faster than text. A row encoder is
 * compiled once per column list: one writer per column, each seeing a single kind of value, so the
 * per-field work is a direct call instead of a switch over kinds (the switch was a sixth of a
 * load worker's time).
 */

/** The 19-byte header of a binary COPY stream: signature, flags, header extension length. */
export const BINARY_HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
/** The trailer of a binary COPY stream: a field count of -1. */
export const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

const EPOCH_2000_MS = 946_684_800_000;
const EPOCH_2000_DAYS = 10_957;
const TWO_32 = 0x1_0000_0000;

/** Buffer#writeInt32BE without its argument checks (hot: several per field). */
function int32(buf: Buffer, value: number, pos: number): void {
  buf[pos] = value >>> 24;
  buf[pos + 1] = value >>> 16;
  buf[pos + 2] = value >>> 8;
  buf[pos + 3] = value;
}

function int16(buf: Buffer, value: number, pos: number): void {
  buf[pos] = value >>> 8;
  buf[pos + 1] = value;
}

/**
 * Writes a string as UTF-8 at `pos`, returning the byte count (room is ensured by the caller).
 * `Buffer#write` for every string: a hand-written loop for short ASCII strings, kept until
 * issue 14, measured ~10% slower over a whole load (it flattens concatenated strings first; the
 * native writer walks them as they are).
 */
function utf8(buf: Buffer, text: string, pos: number): number {
  return buf.write(text, pos);
}

/** Hex digit values by UTF-16 code unit (-1: not a hex digit); every code unit has an entry. */
const HEX_VALUE = new Int8Array(0x10000).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
for (let i = 0; i < 6; i++) HEX_VALUE['ABCDEF'.charCodeAt(i)] = 10 + i;

/** Writes one non-null field (length word included) at `pos`; returns the new position. */
type FieldWriter = (buf: Buffer, pos: number, value: Value) => number;

/** Where the 16 hex digit pairs of a canonical UUID string start. */
const UUID_PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

function writeUuid(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'string' || value.length !== 36) throw mismatch('uuid', value);
  int32(buf, 16, pos);
  let bad = 0;
  for (let k = 0; k < 16; k++) {
    const i = UUID_PAIRS[k]!;
    const hi = HEX_VALUE[value.charCodeAt(i)]!;
    const lo = HEX_VALUE[value.charCodeAt(i + 1)]!;
    bad |= hi | lo;
    buf[pos + 4 + k] = (hi << 4) | lo;
  }
  if (bad < 0) throw mismatch('uuid', value);
  return pos + 20;
}

function writeText(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'string') throw mismatch('text', value);
  const n = utf8(buf, value, pos + 4);
  int32(buf, n, pos);
  return pos + 4 + n;
}

function writeJsonb(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'string') throw mismatch('jsonb', value);
  buf[pos + 4] = 1; // jsonb binary format version
  const n = utf8(buf, value, pos + 5);
  int32(buf, n + 1, pos);
  return pos + 5 + n;
}

function writeInt2(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'number' || value !== (value << 16) >> 16) throw mismatch('int2', value);
  int32(buf, 2, pos);
  int16(buf, value, pos + 4);
  return pos + 6;
}

function writeInt4(buf: Buffer, pos: number, value: Value): number {
  // Out of range, int32() would wrap silently where the text form fails: refuse it alike.
  if (typeof value !== 'number' || value !== (value | 0)) throw mismatch('int4', value);
  int32(buf, 4, pos);
  int32(buf, value, pos + 4);
  return pos + 8;
}

function int64(buf: Buffer, pos: number, value: number): number {
  const hi = Math.floor(value / TWO_32);
  int32(buf, 8, pos);
  int32(buf, hi, pos + 4);
  int32(buf, value - hi * TWO_32, pos + 8);
  return pos + 12;
}

function writeInt8(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw mismatch('int8', value);
  return int64(buf, pos, value);
}

function writeBool(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'boolean') throw mismatch('bool', value);
  int32(buf, 1, pos);
  buf[pos + 4] = value ? 1 : 0;
  return pos + 5;
}

function writeTimestamptz(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'number') throw mismatch('timestamptz', value);
  return int64(buf, pos, (Math.floor(value) - EPOCH_2000_MS) * 1000);
}

function writeDate(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw mismatch('date', value);
  int32(buf, 4, pos);
  int32(buf, value - EPOCH_2000_DAYS, pos + 4);
  return pos + 8;
}

function writeBytea(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'string') throw mismatch('bytea', value);
  const n = buf.write(value, pos + 4, 'hex');
  if (n * 2 !== value.length) throw mismatch('bytea', value);
  int32(buf, n, pos);
  return pos + 4 + n;
}

function writeInet(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'string') throw mismatch('inet', value);
  int32(buf, 8, pos);
  buf[pos + 4] = 2; // PGSQL_AF_INET
  buf[pos + 5] = 32; // netmask bits
  buf[pos + 6] = 0; // is_cidr
  buf[pos + 7] = 4; // address bytes
  // Dotted quad parsed by hand (split() made four strings a row).
  let octet = 0;
  let digits = 0;
  let part = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || octet > 255 || part > 3) throw mismatch('inet', value);
      buf[pos + 8 + part++] = octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + c - 48;
      digits++;
    } else {
      throw mismatch('inet', value);
    }
  }
  if (part !== 4) throw mismatch('inet', value);
  return pos + 12;
}

/** Array header: dimensions, has-nulls, element oid, then (if not empty) length and lower bound. */
function arrayHeader(buf: Buffer, at: number, length: number, elementOid: number): number {
  int32(buf, length > 0 ? 1 : 0, at);
  int32(buf, 0, at + 4);
  int32(buf, elementOid, at + 8);
  if (length === 0) return at + 12;
  int32(buf, length, at + 12);
  int32(buf, 1, at + 16);
  return at + 20;
}

/** A one-dimensional array field: the header, then each element as `element` writes it (length included). */
function arrayWriter(
  kind: ColumnKind,
  elementOid: number,
  element: (buf: Buffer, at: number, item: unknown, value: Value) => number,
): FieldWriter {
  return (buf, pos, value) => {
    if (!Array.isArray(value)) throw mismatch(kind, value);
    let at = arrayHeader(buf, pos + 4, value.length, elementOid);
    for (const item of value) at = element(buf, at, item, value);
    int32(buf, at - pos - 4, pos);
    return at;
  };
}

function textArrayWriter(elementOid: number): FieldWriter {
  return arrayWriter('text[]', elementOid, (buf, at, item) => {
    const n = utf8(buf, item as string, at + 4);
    int32(buf, n, at);
    return at + 4 + n;
  });
}

function int4ArrayWriter(elementOid: number): FieldWriter {
  return arrayWriter('int4[]', elementOid, (buf, at, item, value) => {
    if (item !== ((item as number) | 0)) throw mismatch('int4[]', value);
    int32(buf, 4, at);
    int32(buf, item as number, at + 4);
    return at + 8;
  });
}

const numericDigits = new Int16Array(64);

/**
 * numeric's binary form (base-10000 digits, weight, sign, display scale) of a decimal literal
 * such as `-12.500`, parsed by hand: a regex and string slices here cost more than the row.
 */
function writeNumeric(buf: Buffer, pos: number, value: Value): number {
  if (typeof value !== 'string') throw mismatch('numeric', value);
  const literal = value;
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
  int16(buf, ndigits, pos + 4);
  int16(buf, weight, pos + 6);
  int16(buf, negative && ndigits > 0 ? 0x4000 : 0, pos + 8);
  int16(buf, dscale, pos + 10);
  let at = pos + 12;
  for (let k = first; k < last; k++) {
    int16(buf, numericDigits[k]!, at);
    at += 2;
  }
  return at;
}

const WRITERS: Record<Exclude<ColumnKind, 'text[]' | 'int4[]'>, FieldWriter> = {
  uuid: writeUuid,
  text: writeText,
  jsonb: writeJsonb,
  int2: writeInt2,
  int4: writeInt4,
  int8: writeInt8,
  bool: writeBool,
  timestamptz: writeTimestamptz,
  date: writeDate,
  numeric: writeNumeric,
  bytea: writeBytea,
  inet: writeInet,
};

function fieldWriter(kind: ColumnKind, elementOid: number): FieldWriter {
  if (kind === 'text[]') return textArrayWriter(elementOid);
  if (kind === 'int4[]') return int4ArrayWriter(elementOid);
  return WRITERS[kind];
}

/** Bytes a field of a fixed-size kind takes at most (null included); 0 for variable-size kinds. */
const FIXED_BOUND: Record<ColumnKind, number> = {
  uuid: 20,
  int2: 6,
  int4: 8,
  int8: 12,
  bool: 5,
  timestamptz: 12,
  date: 8,
  inet: 12,
  numeric: 0,
  text: 0,
  jsonb: 0,
  bytea: 0,
  'text[]': 0,
  'int4[]': 0,
};

/** Upper bound of a variable-size value's binary size. */
function variableBound(kind: ColumnKind, value: Value): number {
  if (value === null) return 4;
  switch (kind) {
    case 'text':
    case 'jsonb':
      return 5 + (value as string).length * 3;
    case 'bytea':
      return 4 + (value as string).length;
    case 'numeric':
      // One base-10000 digit (2 bytes) per 4 decimal digits, plus one per side of the point.
      return 16 + (value as string).length;
    case 'text[]': {
      let size = 24;
      for (const item of value as readonly string[]) size += 4 + item.length * 3;
      return size;
    }
    default:
      return 24 + (value as readonly number[]).length * 8;
  }
}

/**
 * Writes one field (length word included) in COPY binary format at `pos` of `buf`; returns the
 * new position. `elementOid` is the element type of an array column (text, an enum type, int4).
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
  return fieldWriter(kind, elementOid)(buf, pos, value);
}

/** Encodes rows of one column list into COPY binary tuples. */
export interface BinaryRowEncoder {
  /** An upper bound of the row's encoded size (to make room before `write`). */
  bound(row: readonly Value[]): number;
  /** Writes the row as one tuple at `pos`; returns the new position. Errors name the column. */
  write(buf: Buffer, pos: number, row: readonly Value[]): number;
}

/**
 * A row encoder for columns of `kinds` (`elementOids`: per column, the element type oid of an
 * array column, else 0). `describe(i)` names column i in errors.
 */
export function binaryRowEncoder(
  kinds: readonly ColumnKind[],
  elementOids: readonly number[],
  describe: (column: number) => string = (column) => `column ${column + 1}`,
): BinaryRowEncoder {
  const width = kinds.length;
  const writers = kinds.map((kind, i) => fieldWriter(kind, elementOids[i] ?? 0));
  let fixed = 2;
  const variable: number[] = [];
  kinds.forEach((kind, i) => {
    if (FIXED_BOUND[kind] > 0) fixed += FIXED_BOUND[kind];
    else variable.push(i);
  });
  return {
    bound(row) {
      let size = fixed;
      for (let k = 0; k < variable.length; k++) {
        const i = variable[k]!;
        size += variableBound(kinds[i]!, row[i] ?? null);
      }
      return size;
    },
    write(buf, pos, row) {
      int16(buf, width, pos);
      let at = pos + 2;
      let i = 0;
      try {
        for (; i < width; i++) {
          const value = row[i] ?? null;
          if (value === null) {
            int32(buf, -1, at);
            at += 4;
          } else {
            at = writers[i]!(buf, at, value);
          }
        }
      } catch (error) {
        throw new Error(`${describe(i)}: ${(error as Error).message}`);
      }
      return at;
    },
  };
}

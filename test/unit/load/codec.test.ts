import { describe, expect, test } from 'vitest';
import { writeBinary } from '../../../src/sql/copy-binary.js';

// The DB-free part of test/integration/load/codec.test.ts.
describe('column codec', () => {
  test('an int4 out of range is refused in binary as in text, never wrapped', () => {
    const buf = Buffer.alloc(64);
    expect(() => writeBinary(buf, 0, 'int4', 3_221_225_477, 0)).toThrow(/int4 column got 3221225477/);
    expect(() => writeBinary(buf, 0, 'int4[]', [1, 2 ** 31], 23)).toThrow(/int4\[\] column/);
  });
});

import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { describe, expect } from 'vitest';
import { writeBinary } from '../../../src/sql/copy-binary.js';
import { type ColumnKind, textValue, type Value } from '../../../src/sql/copy-text.js';
import { CopyBinaryWriter, CopyTextWriter, FRAME_HEADER } from '../../../src/sql/copy-writer.js';
import { loadTable } from '../../../src/sql/load-table.js';
import { createSeedTest } from '../../../src/vitest/index.js';
import { withClient } from '../../support/load-databases.js';

const test = createSeedTest();

/** Values by kind, and the SQL type and send function that give their reference binary form. */
const SEND: Record<string, string> = {
  uuid: 'uuid_send',
  text: 'textsend',
  int2: 'int2send',
  int4: 'int4send',
  int8: 'int8send',
  bool: 'boolsend',
  timestamptz: 'timestamptz_send',
  date: 'date_send',
  numeric: 'numeric_send',
  bytea: 'byteasend',
  inet: 'inet_send',
  'text[]': 'array_send',
  'int4[]': 'array_send',
};
const SAMPLES: [ColumnKind, string, Value[]][] = [
  ['uuid', 'uuid', ['00000000-0000-0000-0000-000000000001', '8f14e45f-ceea-467f-a0e6-b2c1d3e4f5a6']],
  [
    'text',
    'text',
    ['', 'plain', 'تبریک نوروز', 'tab\there', 'line\nbreak', 'back\\slash', '"quoted"', '😀 emoji'],
  ],
  ['int2', 'int2', [0, -1, 32_767, -32_768]],
  ['int4', 'int4', [0, 42, -2_147_483_648, 2_147_483_647]],
  ['int8', 'int8', [0, -1, 5_000_000_123, 9_007_199_254_740_991, -9_007_199_254_740_991]],
  ['bool', 'bool', [true, false]],
  [
    'timestamptz',
    'timestamptz',
    [0, 946_684_800_000, 1_780_272_000_123, 1_780_272_000_123.9, 915_148_800_001],
  ],
  ['date', 'date', [0, 10_957, 20_605, -1]],
  [
    'numeric',
    'numeric',
    ['0', '0.000', '30.000', '-12.500', '0.0001', '12345.678', '99999999.99', '100', '10000', '1000.10'],
  ],
  ['bytea', 'bytea', ['', '00ff10', 'deadbeef'.repeat(8)]],
  ['inet', 'inet', ['5.112.0.1', '10.20.0.10', '255.255.255.255']],
  ['text[]', 'text[]', [[], ['a'], ['renders:write', 'with space', 'قالب', '', 'NULL', 'a,b', 'q"u\\o']]],
  ['int4[]', 'int4[]', [[], [7], [0, -5, 2_147_483_647, -2_147_483_648]]],
];

describe('column codec', () => {
  test('binary fields are byte for byte what PostgreSQL sends for the same text value', async ({ db }) => {
    const buf = Buffer.alloc(4096);
    for (const [kind, type, values] of SAMPLES) {
      for (const value of values) {
        const end = writeBinary(buf, 0, kind, value, kind === 'int4[]' ? 23 : 25);
        const { rows } = await db.query<{ hex: string }>(
          `SELECT encode(${SEND[type]}($1::${type}), 'hex') AS hex`,
          [textValue(kind, value)],
        );
        expect({ kind, value, hex: buf.subarray(4, end).toString('hex') }).toEqual({
          kind,
          value,
          hex: rows[0]!.hex,
        });
        expect(buf.readInt32BE(0)).toBe(end - 4);
      }
    }
  });

  test('COPY binary, COPY text and INSERT store the same rows, enum arrays and hard text included', async ({
    db,
  }) => {
    await db.query(
      `SELECT public.ensure_monthly_partition('identity.tenant_api_request_logs', '2026-05-01')`,
    );
    const table = loadTable('notification.notifications', [
      'id',
      'tenant_id',
      'user_id',
      'notification_type',
      'title',
      'message',
      'channels',
      'data',
      'is_read',
      'created_at',
    ]);
    const rows: Value[][] = [
      [
        '11111111-1111-4111-8111-111111111111',
        '00000000-0000-0000-0000-000000000001',
        '22222222-2222-4222-8222-222222222222',
        'RenderCompleted',
        'ویدیوی شما آماده است',
        'tab\tnew\nline back\\slash "quotes"',
        ['InApp', 'Push', 'SMS'],
        JSON.stringify({ a: 'b\\c\n', n: 1.5, fa: 'قالب' }),
        true,
        1_780_272_000_123,
      ],
      [
        '33333333-3333-4333-8333-333333333333',
        '00000000-0000-0000-0000-000000000001',
        '22222222-2222-4222-8222-222222222222',
        'Marketing',
        'x',
        '',
        [],
        '{}',
        false,
        1_780_272_000_000,
      ],
    ];
    const read = () =>
      db.query(`SELECT n::text AS row FROM notification.notifications n ORDER BY id`).then((r) => r.rows);
    const { rows: oids } = await db.query<{ oid: number }>(
      `SELECT 'notification.notification_channel'::regtype::oid::int AS oid`,
    );
    const elementOids = table.columns.map((c) => (c === 'channels' ? oids[0]!.oid : 0));

    await withClient(db.url, async (client) => {
      const copy = copyInto(client, `COPY ${table.sql} ${table.columnList} FROM STDIN (FORMAT binary)`);
      const writer = new CopyBinaryWriter(
        table,
        elementOids,
        (frame) => copy.send(frame),
        async () => {
          expect(await copy.end()).toBe(2);
        },
      );
      for (const row of rows) writer.push(row);
      await writer.close();
    });
    const viaBinary = await read();
    await db.query('DELETE FROM notification.notifications');

    await withClient(db.url, async (client) => {
      const copy = copyInto(client, `COPY ${table.sql} ${table.columnList} FROM STDIN`);
      const writer = new CopyTextWriter(
        table,
        (frame) => copy.send(frame),
        async () => {
          expect(await copy.end()).toBe(2);
        },
      );
      for (const row of rows) writer.push(row);
      await writer.close();
    });
    const viaText = await read();
    await db.query('DELETE FROM notification.notifications');

    for (const row of rows) {
      await db.query(
        `INSERT INTO ${table.sql} ${table.columnList} VALUES (${table.columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        row.map((value, i) => textValue(table.kinds[i]!, value)),
      );
    }
    const viaInsert = await read();
    expect(viaBinary).toEqual(viaInsert);
    expect(viaText).toEqual(viaInsert);
    const { rows: stored } = await db.query<{ message: string; a: string }>(
      `SELECT message, data->>'a' AS a FROM notification.notifications WHERE title <> 'x'`,
    );
    expect(stored).toEqual([{ message: rows[0]![5], a: 'b\\c\n' }]);
  });
});

/** COPY on `client` through pg-copy-streams, fed whole frames as openCopySink feeds them. */
function copyInto(client: pg.Client, sql: string) {
  const stream = client.query(copyFrom(sql));
  return {
    async send(frame: Buffer): Promise<void> {
      if (!stream.write(frame.subarray(FRAME_HEADER))) await once(stream, 'drain');
    },
    async end(): Promise<number> {
      stream.end();
      await finished(stream);
      return stream.rowCount;
    },
  };
}

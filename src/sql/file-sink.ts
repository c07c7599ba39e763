import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { CopyTextWriter, FRAME_HEADER } from './copy-writer.js';
import type { LoadTable } from './load-table.js';
import type { RowSink } from './row-sink.js';

/**
 * A sink writing COPY text to a file (appending with `append`: a shard batch reopens its tables):
 * `psql -c "\copy <table> <columns> FROM '<file>'"` loads the same rows (the benchmark's baseline).
 */
export function openFileSink(path: string, table: LoadTable, options: { append?: boolean } = {}): RowSink {
  const out = createWriteStream(path, { flags: options.append ? 'a' : 'w' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  return new CopyTextWriter(
    table,
    async (frame) => {
      if (!out.write(frame.subarray(FRAME_HEADER))) await Promise.race([once(out, 'drain'), failed]);
    },
    async () => {
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
    },
  );
}

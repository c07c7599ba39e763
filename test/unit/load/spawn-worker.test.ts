import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../../src/load/spawn-worker.js';

describe('load workers and the Node options of their parent', () => {
  it('drop what describes the parent entry (node --input-type=module --eval …), keep the rest', () => {
    expect(
      workerExecArgv([
        '--max-old-space-size=4096',
        '--input-type=module',
        '--eval',
        'import("x")',
        '--enable-source-maps',
      ]),
    ).toEqual(['--max-old-space-size=4096', '--enable-source-maps']);
    expect(workerExecArgv(['--input-type', 'module', '-e', 'code', '--print=1', '-p', 'x'])).toEqual([]);
    expect(workerExecArgv(['--import', 'tsx', '--conditions=dev'])).toEqual([
      '--import',
      'tsx',
      '--conditions=dev',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatProgress, ProgressMeter, terminalProgress } from '../../../src/load/progress.js';

describe('load progress', () => {
  it('formats rows, percent, rows/s and ETA on one line', () => {
    expect(
      formatProgress({
        rows: 412_345,
        total: 1_061_000,
        rowsPerSecond: 98_312.4,
        etaSeconds: 6.2,
        phase: 'loading',
      }),
    ).toBe('  412,345 / 1,061,000 rows  38%  98,312 rows/s  ETA 7 s');
    expect(
      formatProgress({ rows: 10, total: 10, rowsPerSecond: 5, etaSeconds: 0, phase: 'indexing' }),
    ).toMatch(/100%.*building indexes…$/);
  });

  it('reports at most every interval, always on a phase change, and never a total below the rows', () => {
    const seen: { rows: number; total: number; phase: string }[] = [];
    const meter = new ProgressMeter(100, (p) => seen.push(p), 60_000);
    meter.add(10);
    meter.add(20);
    meter.add(200);
    meter.enter('done', 230);
    expect(seen.map((p) => [p.rows, p.total, p.phase])).toEqual([
      [10, 100, 'loading'],
      [230, 230, 'done'],
    ]);
    expect(meter.snapshot().etaSeconds).toBe(0);
  });

  it('rewrites one line on a terminal and prints whole lines elsewhere', () => {
    const write = (isTTY: boolean) => {
      const out: string[] = [];
      const stream = { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
      const report = terminalProgress(stream, { everyMs: 60_000 });
      report({ rows: 1, total: 2, rowsPerSecond: 1, etaSeconds: 1, phase: 'loading' });
      report({ rows: 2, total: 2, rowsPerSecond: 1, etaSeconds: 0, phase: 'loading' });
      report({ rows: 2, total: 2, rowsPerSecond: 1, etaSeconds: 0, phase: 'done' });
      return out;
    };
    const tty = write(true);
    expect(tty).toHaveLength(3);
    expect(tty.every((line) => line.startsWith('\r'))).toBe(true);
    expect(tty.at(-1)).toMatch(/done\n$/);
    expect(write(false)).toEqual([expect.stringMatching(/ETA 1 s\n$/), expect.stringMatching(/done\n$/)]);
  });
});

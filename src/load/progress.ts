/** What runLoad reports while it runs. */
export interface LoadProgress {
  /** Rows written so far. */
  readonly rows: number;
  /** Rows expected in all (the plan's estimate until the end, then the exact count). */
  readonly total: number;
  /** Average since the first row. */
  readonly rowsPerSecond: number;
  /** Seconds left at that rate (0 once every row is written). */
  readonly etaSeconds: number;
  /** `loading` while rows stream, `indexing` while deferred indexes are rebuilt, then `done`. */
  readonly phase: 'loading' | 'indexing' | 'done';
}

/** Counts rows and calls `report` at most every `intervalMs` (and always on a phase change). */
export class ProgressMeter {
  private rows = 0;
  private startedAt = performance.now();
  private lastReport = Number.NEGATIVE_INFINITY;
  private phase: LoadProgress['phase'] = 'loading';

  constructor(
    private total: number,
    private readonly report: ((progress: LoadProgress) => void) | undefined,
    private readonly intervalMs = 250,
  ) {}

  add(rows: number): void {
    this.rows += rows;
    const now = performance.now();
    if (now - this.lastReport >= this.intervalMs) this.emit(now);
  }

  enter(phase: LoadProgress['phase'], exactTotal?: number): void {
    this.phase = phase;
    if (exactTotal !== undefined) this.total = exactTotal;
    this.emit(performance.now());
  }

  snapshot(now = performance.now()): LoadProgress {
    const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
    const total = Math.max(this.total, this.rows);
    const rowsPerSecond = this.rows / seconds;
    const left = this.phase === 'loading' ? total - this.rows : 0;
    return {
      rows: this.rows,
      total,
      rowsPerSecond,
      etaSeconds: rowsPerSecond > 0 ? left / rowsPerSecond : 0,
      phase: this.phase,
    };
  }

  private emit(now: number): void {
    this.lastReport = now;
    this.report?.(this.snapshot(now));
  }
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** One status line: `  412,345 / 1,061,000 rows  39%  98,312 rows/s  ETA 7 s`. */
export function formatProgress(p: LoadProgress): string {
  const percent = p.total > 0 ? Math.floor((100 * p.rows) / p.total) : 100;
  const tail =
    p.phase === 'indexing'
      ? 'building indexes…'
      : p.phase === 'done'
        ? 'done'
        : `ETA ${p.etaSeconds < 1 ? '<1' : Math.ceil(p.etaSeconds)} s`;
  return `  ${count(p.rows)} / ${count(p.total)} rows  ${percent}%  ${count(p.rowsPerSecond)} rows/s  ${tail}`;
}

/**
 * A progress callback for a terminal: one line rewritten in place on a TTY, a line every few
 * seconds otherwise (CI logs).
 *
 * @example
 * await runLoad({ databaseUrl }, { scale: 10, progress: terminalProgress() });
 */
export function terminalProgress(
  stream: NodeJS.WriteStream = process.stderr,
  options: { everyMs?: number } = {},
): (progress: LoadProgress) => void {
  const every = options.everyMs ?? 5_000;
  let last = Number.NEGATIVE_INFINITY;
  return (p) => {
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${formatProgress(p)}${p.phase === 'done' ? '\n' : ''}`);
      return;
    }
    const now = performance.now();
    if (p.phase !== 'loading' || now - last >= every) {
      last = now;
      stream.write(`${formatProgress(p)}\n`);
    }
  };
}

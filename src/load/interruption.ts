import { constants } from 'node:os';
import { SeedError } from '../errors.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A load stopped by a signal. `exitCode` is the shell's convention for it (130 for SIGINT). */
export class InterruptedError extends SeedError {
  readonly signal: NodeJS.Signals;
  readonly exitCode: number;

  constructor(signal: NodeJS.Signals, problem: string, fix: string) {
    super('E_INTERRUPTED', problem, { fix });
    this.signal = signal;
    this.exitCode = 128 + (constants.signals[signal] ?? 2);
  }
}

/**
 * While a load runs, Ctrl-C, SIGTERM and SIGHUP must not end the process before the keys it dropped
 * are back: the listeners here replace Node's default (exit at once) for that time. The first
 * signal is remembered and rejects `race`d waits, so the load stops and undoes itself; later ones
 * are ignored until `dispose()` (a SIGKILL still ends it: the next command repairs the database).
 */
export class Interruption {
  signal: NodeJS.Signals | undefined;
  private reject: ((error: Error) => void) | undefined;
  private readonly stopped: Promise<never>;
  private readonly listeners = new Map<NodeJS.Signals, () => void>();

  constructor(enabled: boolean, onSignal: (signal: NodeJS.Signals) => void = () => {}) {
    this.stopped = new Promise<never>((_, reject) => {
      this.reject = reject;
    });
    this.stopped.catch(() => {});
    if (!enabled) return;
    for (const signal of SIGNALS) {
      const listener = () => {
        if (this.signal) return;
        this.signal = signal;
        onSignal(signal);
        this.reject?.(
          this.error('while it was loading rows; it stopped, and the rows it had written were removed'),
        );
      };
      this.listeners.set(signal, listener);
      process.on(signal, listener);
    }
  }

  /** `work`, unless a signal comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.stopped]);
  }

  /** The error to throw for the signal received, describing what state the load left. */
  error(what: string): InterruptedError {
    const signal = this.signal ?? 'SIGINT';
    return new InterruptedError(
      signal,
      `The load was interrupted by ${signal} ${what}.`,
      'Run the load again when you want it (into a fresh database, or after seed reset).',
    );
  }

  /** Gives the signals back to Node's defaults (and to signal-exit's cleanup of a started server). */
  dispose(): void {
    for (const [signal, listener] of this.listeners) process.off(signal, listener);
    this.listeners.clear();
  }
}

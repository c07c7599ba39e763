import type { Factories } from '../factories/index.js';

/** Credentials a demo needs, printed once (API key plaintexts are never stored). */
export interface Credentials {
  readonly logins: readonly {
    tenant: string;
    role: string;
    phone: string | null;
    email: string | null;
    note?: string;
  }[];
  readonly apiKeys: readonly { tenant: string; name: string; key: string; prefix: string }[];
}

export interface ScenarioOutput<Handles> {
  /** Typed handles to the main rows the scenario made, for tests and scripts. */
  readonly handles: Handles;
  readonly credentials: Credentials;
}

/** Reports a step of a long scenario (the CLI shows it on a terminal). */
export type Progress = (step: string) => void;

export interface Scenario<Handles = unknown> {
  readonly name: string;
  /** One line for `seed list`. */
  readonly description: string;
  /** The tables this scenario promises rows in (its counts are non-zero for each). */
  readonly fills: readonly string[];
  run(f: Factories, progress: Progress): Promise<ScenarioOutput<Handles>>;
}

/** Declares a scenario; the type parameter is inferred from `run`. */
export function defineScenario<Handles>(scenario: Scenario<Handles>): Scenario<Handles> {
  return scenario;
}

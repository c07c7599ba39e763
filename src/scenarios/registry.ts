import { minimalScenario } from './minimal.js';
import { resellerScenario } from './reseller.js';

/** Every scenario, by the name `seed --scenario` takes. */
export const scenarios = {
  minimal: minimalScenario,
  reseller: resellerScenario,
} as const;

import { demoScenario } from './demo.js';
import { minimalScenario } from './minimal.js';
import { renderFarmScenario } from './render-farm.js';
import { resellerScenario } from './reseller.js';

/** Every scenario, by the name `seed --scenario` takes. */
export const scenarios = {
  minimal: minimalScenario,
  reseller: resellerScenario,
  demo: demoScenario,
  'render-farm': renderFarmScenario,
} as const;

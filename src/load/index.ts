// The `load` data set: bulk, deterministic, parallel seeding (see run-load.ts).

export { LOADED_TABLES } from './load-order.js';
export { type LoadPlan, planLoad } from './load-plan.js';
export { formatProgress, type LoadProgress, terminalProgress } from './progress.js';
export { defaultWorkers, type LoadOptions, type LoadResult, type LoadTarget, runLoad } from './run-load.js';

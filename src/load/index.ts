// The `load` data set: bulk, deterministic, parallel seeding (see run-load.ts).

export { estimateLoad, type LoadEstimate } from './load-estimate.js';
export { LOADED_TABLES } from './load-order.js';
export { type LoadPlan, planLoad } from './load-plan.js';
export { formatProgress, type LoadProgress, terminalProgress } from './progress.js';
export {
  defaultWorkers,
  type LoadOptions,
  type LoadResult,
  type LoadTarget,
  runLoad,
  type ShardSpec,
} from './run-load.js';

// @flatrender/seed/load: the bulk load (`seed --scenario load`) as functions — bulk, deterministic,
// parallel seeding by binary COPY (see run-load.ts), its estimates and ceiling, and the repair of a
// load that was interrupted.

export { MAX_SCALE } from '../domain/load-scale.js';
export {
  type MissingDefinition,
  missingDefinitions,
  type RecoveredLoad,
  recoverInterruptedLoad,
} from './interrupted-load.js';
export { estimateLoad, type LoadEstimate } from './load-estimate.js';
export { type LoadPlan, planLoad } from './load-plan.js';
export { type LoadProgress, terminalProgress } from './progress.js';
export {
  defaultWorkers,
  type LoadOptions,
  type LoadResult,
  type LoadTarget,
  runLoad,
  type ShardSpec,
} from './run-load.js';

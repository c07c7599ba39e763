import { exportFactory } from './exports.js';
import { frameJobFactory, frameRepairJobFactory } from './frames.js';
import { nodeCrashFactory, nodeFactory, nodeHealthLogFactory, nodeTemplateCacheFactory } from './nodes.js';
import { renderJobEventFactory, renderJobFactory } from './render-jobs.js';
import { renderJobSnapshotFactory, snapshotFactory } from './snapshots.js';

// Ordered like the migrations: the farm, then jobs and what hangs off them.
export const renderFactories = {
  node: nodeFactory,
  nodeTemplateCache: nodeTemplateCacheFactory,
  nodeHealthLog: nodeHealthLogFactory,
  nodeCrash: nodeCrashFactory,
  renderJob: renderJobFactory,
  renderJobEvent: renderJobEventFactory,
  frameRepairJob: frameRepairJobFactory,
  snapshot: snapshotFactory,
  frameJob: frameJobFactory,
  renderJobSnapshot: renderJobSnapshotFactory,
  export: exportFactory,
} as const;

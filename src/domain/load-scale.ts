/**
 * The largest `--scale` the load accepts. Scale 1000 plans ≈120M rows (≈42 GB with indexes) in a
 * few tens of milliseconds; far above it the plan itself no longer fits the process (scale 100000
 * overflowed the stack, 1e9 ran out of heap after 28 s), and no machine this toolkit targets holds
 * the result.
 */
export const MAX_SCALE = 1000;

/**
 * Bytes a loaded row takes on disk, indexes included, averaged over the load's tables
 * (`pg_database_size` after the load and a CHECKPOINT, minus a fresh clone's, divided by the rows):
 * 354 and 345 at scale 1 and 5 with the first generator, 334 and 341 at scale 1 and 3 with the
 * domain-model one. Only for the estimate printed before a large load.
 */
export const BYTES_PER_LOADED_ROW = 350;

/** From this many planned rows on, the CLI prints the estimate before it starts. */
export const LARGE_LOAD_ROWS = 1_000_000;

/**
 * Rows a load writes per second end to end on the 2-CPU machine it was measured on
 * (bench/load.ts at scale 10: ≈140k rows/s quiet, ≈100k under other jobs' load). Only for the
 * estimated time printed before a large load.
 */
export const LOAD_ROWS_PER_SECOND = 100_000;

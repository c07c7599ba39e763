/**
 * How far back before the reference time a scenario's dated rows may lie, in whole months. Scenarios
 * today reach about three months back (render-farm's health logs); the window leaves room for
 * a year of history and a month of slack. It is the one number `seed refresh` reads to create,
 * before its transaction, every monthly partition the new data can need.
 */
export const SCENARIO_HISTORY_MONTHS = 13;

/**
 * The first days (`YYYY-MM-01`, UTC) of every month from SCENARIO_HISTORY_MONTHS before `now`'s
 * month up to `now`'s month, oldest first. Pure.
 *
 * @example
 * scenarioHistoryMonths(new Date('2026-03-10T00:00:00Z'), 2); // ['2026-01-01', '2026-02-01', '2026-03-01']
 */
export function scenarioHistoryMonths(now: Date, months = SCENARIO_HISTORY_MONTHS): string[] {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  return Array.from({ length: months + 1 }, (_, k) => {
    const first = new Date(Date.UTC(year, month - months + k, 1));
    return first.toISOString().slice(0, 10);
  });
}

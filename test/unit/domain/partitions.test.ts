import { describe, expect, it } from 'vitest';
import { DAY } from '../../../src/domain/calendar.js';
import { HISTORY_DAYS, monthOf, scenarioHistoryMonths } from '../../../src/domain/partitions.js';

describe('the history window seed refresh prepares partitions for', () => {
  it('holds the month of every instant a scenario may date a row at, for any reference time', () => {
    for (const now of [
      '2026-11-01T00:00:00Z',
      '2026-03-31T23:59:59Z',
      '2027-01-15T12:00:00Z',
      '2028-02-29T00:00:00Z',
    ]) {
      const nowMs = Date.parse(now);
      const months = new Set(scenarioHistoryMonths(new Date(nowMs)));
      for (let ms = nowMs - HISTORY_DAYS * DAY; ms <= nowMs; ms += DAY / 2) {
        expect([now, monthOf(ms), months.has(monthOf(ms))]).toEqual([now, monthOf(ms), true]);
      }
    }
  });

  it('lists months oldest first, ending with the reference month', () => {
    expect(scenarioHistoryMonths(new Date('2026-03-10T00:00:00Z'), 2)).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
  });
});

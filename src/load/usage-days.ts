import { tehranDay } from '../domain/calendar.js';
import { USAGE_FIELDS, type UsageField, usageDay } from '../domain/usage.js';

/**
 * A tenant's identity.tenant_usage_daily counters, filled while its other tables are made and
 * written last, by the rule of domain/usage.ts: counters on the Asia/Tehran day of what they
 * meter, active users counted once per day, storage as an end-of-day snapshot (a file counts from
 * the day it was stored until the day it was purged).
 */
export class UsageDays {
  readonly firstDay: number;
  readonly lastDay: number;
  private readonly values: Float64Array;
  /** Output milliseconds of completed jobs per day (render_seconds is their rounded sum). */
  private readonly renderMs: Float64Array;
  /** Net bytes stored per day (added when stored, removed when purged). */
  private readonly storageDelta: Float64Array;
  private readonly active = new Set<number>();
  private readonly users: number;

  constructor(firstDay: number, lastDay: number, users: number) {
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    this.users = users;
    const days = lastDay - firstDay + 1;
    this.values = new Float64Array(days * USAGE_FIELDS.length);
    this.renderMs = new Float64Array(days);
    this.storageDelta = new Float64Array(days);
  }

  private slot(at: number): number {
    const day = usageDay(at);
    return day < this.firstDay || day > this.lastDay ? -1 : day - this.firstDay;
  }

  /** Adds `amount` to a counter on the Tehran day of `at` (outside the tenant's days: ignored). */
  add(
    field: Exclude<UsageField, 'storage_bytes' | 'active_users' | 'render_seconds'>,
    at: number,
    amount: number,
  ): void {
    const slot = this.slot(at);
    if (slot >= 0) this.values[slot * USAGE_FIELDS.length + USAGE_FIELDS.indexOf(field)]! += amount;
  }

  /** Output time of a completed job, summed per day and rounded once (the NUMERIC rule). */
  addRenderMs(at: number, ms: number): void {
    const slot = this.slot(at);
    if (slot >= 0) this.renderMs[slot]! += ms;
  }

  /** A file of `bytes` stored at `storedAt` and purged at `purgedAt` (null: still stored). */
  addStorage(bytes: number, storedAt: number, purgedAt: number | null): void {
    const from = Math.max(0, tehranDay(storedAt) - this.firstDay);
    if (from > this.lastDay - this.firstDay) return;
    this.storageDelta[from]! += bytes;
    if (purgedAt !== null) {
      const to = tehranDay(purgedAt) - this.firstDay;
      if (to <= this.lastDay - this.firstDay) this.storageDelta[Math.max(0, to)]! -= bytes;
    }
  }

  /** A user active on the day of `at` (counted once per day). */
  markActive(userIndex: number, at: number): void {
    const slot = this.slot(at);
    if (slot < 0) return;
    const key = slot * this.users + userIndex;
    if (this.active.has(key)) return;
    this.active.add(key);
    this.values[slot * USAGE_FIELDS.length + USAGE_FIELDS.indexOf('active_users')]! += 1;
  }

  /** The counters of each day, in USAGE_FIELDS order, from the first day to the last. */
  *days(): Generator<[day: number, counters: number[]]> {
    let storage = 0;
    for (let slot = 0; slot <= this.lastDay - this.firstDay; slot++) {
      storage += this.storageDelta[slot]!;
      const counters = USAGE_FIELDS.map((field, i) => {
        if (field === 'storage_bytes') return storage;
        if (field === 'render_seconds') return Math.floor((this.renderMs[slot]! + 500) / 1000);
        return Math.round(this.values[slot * USAGE_FIELDS.length + i]!);
      });
      yield [this.firstDay + slot, counters];
    }
  }
}

import { describe, expect, it } from 'vitest';
import {
  midnightUtc,
  parseNow,
  parseScale,
  parseSeed,
  parseWorkers,
} from '../../../src/config/parse-inputs.js';

const FALLBACK = '2026-06-01T00:00:00.000Z';

describe('parseSeed', () => {
  it('reads whole numbers, negative ones too, and defaults to 1', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed(' -7 ')).toBe(-7);
    expect(parseSeed(undefined)).toBe(1);
  });

  it('refuses anything else, quoting it', () => {
    expect(() => parseSeed('abc')).toThrow('--seed is "abc"; the seed must be a whole number');
    expect(() => parseSeed('1.5')).toThrow('--seed is "1.5"');
    expect(() => parseSeed('9007199254740993')).toThrow('--seed is "9007199254740993"');
    expect(() => parseSeed('abc')).toThrow(expect.objectContaining({ code: 'E_BAD_SEED' }));
  });
});

describe('parseNow', () => {
  it('reads ISO dates as midnight UTC and times without a zone as UTC', () => {
    expect(parseNow('2026-03-10', FALLBACK)).toBe('2026-03-10T00:00:00.000Z');
    expect(parseNow('2026-03-10T09:30', FALLBACK)).toBe('2026-03-10T09:30:00.000Z');
    expect(parseNow('2026-03-10T09:30:00+03:30', FALLBACK)).toBe('2026-03-10T06:00:00.000Z');
    expect(parseNow('2026-03-10T09:30:00.250Z', FALLBACK)).toBe('2026-03-10T09:30:00.250Z');
    expect(parseNow(undefined, FALLBACK)).toBe(FALLBACK);
  });

  it('refuses words and impossible dates, quoting them', () => {
    expect(() => parseNow('yesterday', FALLBACK)).toThrow(
      '--now is "yesterday": the reference time must be an ISO-8601 date or date and time.',
    );
    expect(() => parseNow('2026-02-30', FALLBACK)).toThrow('--now is "2026-02-30": there is no such date');
    expect(() => parseNow('2026-01-01T25:00', FALLBACK)).toThrow('no such date or time');
    expect(() => parseNow('03/10/2026', FALLBACK)).toThrow(expect.objectContaining({ code: 'E_BAD_NOW' }));
  });

  it('midnightUtc gives the start of the UTC day', () => {
    expect(midnightUtc(new Date('2026-11-26T23:59:59.999Z'))).toBe('2026-11-26T00:00:00.000Z');
  });
});

describe('parseScale', () => {
  it('reads positive numbers up to the maximum', () => {
    expect(parseScale('0.05')).toBe(0.05);
    expect(parseScale('10')).toBe(10);
    expect(parseScale('1e3')).toBe(1000);
  });

  it('refuses zero, negatives, words and values above the maximum, quoting them', () => {
    expect(() => parseScale('0')).toThrow('--scale is "0"; it must be a positive number');
    expect(() => parseScale('-1')).toThrow('--scale is "-1"');
    expect(() => parseScale('lots')).toThrow('--scale is "lots"');
    expect(() => parseScale(undefined)).toThrow(expect.objectContaining({ code: 'E_BAD_SCALE' }));
    expect(() => parseScale('100000')).toThrow('--scale is "100000"; the load accepts at most 1000');
    expect(() => parseScale('1e308')).toThrow(expect.objectContaining({ code: 'E_SCALE_TOO_LARGE' }));
    expect(() => parseScale('Infinity')).toThrow(expect.objectContaining({ code: 'E_BAD_SCALE' }));
  });
});

describe('parseWorkers', () => {
  it('reads 1 to 64 and falls back when absent', () => {
    expect(parseWorkers('3', 1)).toBe(3);
    expect(parseWorkers(undefined, 2)).toBe(2);
  });

  it('refuses anything else, quoting it', () => {
    expect(() => parseWorkers('0', 1)).toThrow('--workers is "0"; it must be a whole number from 1 to 64.');
    expect(() => parseWorkers('two', 1)).toThrow('--workers is "two"');
    expect(() => parseWorkers('65', 1)).toThrow('--workers is "65"');
    expect(() => parseWorkers('1.5', 1)).toThrow(expect.objectContaining({ code: 'E_BAD_WORKERS' }));
  });
});

import { describe, expect, it } from 'vitest';
import { alignColumns, displayWidth } from '../../../src/cli/text-width.js';
import { closestNames } from '../../../src/did-you-mean.js';

describe('displayWidth', () => {
  it('counts no column for a zero-width non-joiner or a combining mark', () => {
    expect(displayWidth('می\u200cخواهم')).toBe(7);
    expect(displayWidth('مَن')).toBe(2);
  });
  it('counts two for wide characters', () => {
    expect(displayWidth('日本')).toBe(4);
  });
});

describe('alignColumns', () => {
  it('aligns a column after cells of any length, Persian included', () => {
    const lines = alignColumns([
      ['azhans-mehregan-1-with-a-long-slug', 'Admin', '+989031148554'],
      ['نگار\u200cخانه', 'User', 'a@b.c'],
    ]);
    const at = (line: string) =>
      displayWidth(line.slice(0, line.indexOf(line.includes('+98') ? '+98' : 'a@b')));
    expect(at(lines[0]!)).toBe(at(lines[1]!));
  });
});

describe('closestNames', () => {
  it('finds a typo, and nothing for an unrelated word', () => {
    expect(closestNames('lst', ['list', 'migrate'])).toEqual(['list']);
    expect(closestNames('resseler', ['minimal', 'reseller'])).toEqual(['reseller']);
    expect(closestNames('banana', ['list', 'migrate'])).toEqual([]);
  });
});

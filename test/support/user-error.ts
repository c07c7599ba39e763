import { expect } from 'vitest';

/** Every failure here is the user's to fix: exit 1, one message ending with the fix, no stack. */
export function userError(result: { code: number | null; stderr: string }, ...parts: string[]): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).not.toContain('Unexpected error');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).toContain('Fix: ');
  for (const part of parts) expect(result.stderr).toContain(part);
}

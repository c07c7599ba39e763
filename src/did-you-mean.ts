/** Levenshtein distance between two strings, over one rolling row. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known names closest to a mistyped one (a typo, a missing letter, a prefix), best first.
 *
 * @example
 * closestNames('minmal', ['minimal', 'reseller']); // ['minimal']
 */
export function closestNames(given: string, known: readonly string[], max = 2): string[] {
  const typed = given.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(typed.length / 3)));
  return known
    .map((name) => ({ name, d: editDistance(typed, name.toLowerCase()) }))
    .filter(({ name, d }) => d <= limit || (typed.length >= 3 && name.toLowerCase().startsWith(typed)))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map(({ name }) => name);
}

/** ` Did you mean "x"?`, or '' when nothing is close. */
export function didYouMean(given: string, known: readonly string[], quote = (n: string) => `"${n}"`): string {
  const close = closestNames(given, known);
  return close.length ? ` Did you mean ${close.map(quote).join(' or ')}?` : '';
}

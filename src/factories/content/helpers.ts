import type { Random } from '../../domain/random.js';
import type { CreateTools } from '../core/factory.js';

/** A column value (a Date, or the ISO string a caller passed) as a Date. */
export function toDate(value: unknown, fallback: Date): Date {
  return value instanceof Date || typeof value === 'string' ? new Date(value) : fallback;
}

export const latest = (...dates: Date[]): Date => new Date(Math.max(...dates.map((d) => d.getTime())));

/** A uniform time in [from, to]; `from` when the window is empty. */
export function between(rng: Random, from: Date, to: Date): Date {
  const span = to.getTime() - from.getTime();
  return span <= 0 ? new Date(from) : new Date(from.getTime() + Math.floor(rng.next() * span));
}

/** A time within `days` days after `from`, never past `now`. */
export function within(rng: Random, from: Date, days: number, now: Date): Date {
  return between(rng, from, new Date(Math.min(now.getTime(), from.getTime() + days * 86_400_000)));
}

/** A time after a parent row was made (a template's scene comes after its project), never past `now`. */
export function createdAfter(rng: Random, parentCreated: unknown, now: Date): Date {
  return within(rng, toDate(parentCreated, now), 30, now);
}

/**
 * Item `n` of a fixed list, cycling, with the round number as a suffix from the second round on:
 * n = 1..len gives the plain names, then 'primary_2', 'about-2'… Unique per table in a run.
 */
export function cycled<T>(items: readonly T[], n: number): { item: T; suffix: number | null } {
  const round = Math.floor((n - 1) / items.length);
  return { item: items[(n - 1) % items.length]!, suffix: round === 0 ? null : round + 1 };
}

/** A public CDN URL for a catalogue asset. */
export const cdn = (path: string): string => `https://cdn.flatrender.ir/${path}`;

/** The number of an AE scene key: 'c12' → 12 (layer names are frl_c<scene>t<i>). */
export function sceneNumber(key: unknown): number {
  const match = /^c(\d+)$/.exec(String(key));
  return match ? Number(match[1]) : 1;
}

/** The shared-colour slots After Effects templates expose, in their editor order. */
export const COLOR_SLOTS = [
  { key: 'primary', label: 'رنگ اصلی', label_en: 'Primary' },
  { key: 'secondary', label: 'رنگ دوم', label_en: 'Secondary' },
  { key: 'accent', label: 'رنگ تأکید', label_en: 'Accent' },
  { key: 'background', label: 'پس‌زمینه', label_en: 'Background' },
  { key: 'text', label: 'رنگ متن', label_en: 'Text' },
  { key: 'highlight', label: 'هایلایت', label_en: 'Highlight' },
] as const;

/**
 * Makes sure every key of a `{project_colors.key: "#RRGGBB"}` map exists as a shared colour of the
 * project: presets and SVG previews name colours by key, and a key the project lacks would recolour
 * nothing in the studio. Missing keys are created (with the map's hex as their default).
 */
export async function ensureProjectColorKeys(
  tools: CreateTools,
  projectId: string,
  keyToHex: Record<string, string>,
): Promise<void> {
  const keys = Object.keys(keyToHex);
  if (keys.length === 0) return;
  const { rows } = await tools.db.query<{ key: string }>(
    'SELECT key FROM content.project_colors WHERE project_id = $1 AND key = ANY($2::text[])',
    [projectId, keys],
  );
  const present = new Set(rows.map((r) => r.key));
  for (const key of keys) {
    if (present.has(key)) continue;
    const slot = COLOR_SLOTS.find((s) => key === s.key || key.startsWith(`${s.key}_`));
    await tools.create('content.project_colors', {
      project_id: projectId,
      key,
      default_hex: keyToHex[key]!,
      label: slot?.label ?? key,
      label_en: slot?.label_en ?? key,
    });
  }
}

import { describe, expect, it } from 'vitest';
import {
  drawFileSize,
  drawUploadKind,
  FILE_KINDS,
  fileName,
  formatOf,
  kindOfMime,
} from '../../../src/domain/files.js';
import { emailDomain, ISPS, iranianIp, iranianMobile, serverIp } from '../../../src/domain/places.js';
import { streamFor } from '../../../src/domain/random.js';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

describe('places', () => {
  it('gives valid IPv4 addresses inside the ISP blocks, servers from hosting providers', () => {
    const rng = streamFor(1, 'places');
    const prefixes = new Set(ISPS.flatMap((i) => i.prefixes));
    const hosting = new Set(ISPS.filter((i) => i.hosting).flatMap((i) => i.prefixes));
    for (let i = 0; i < 2_000; i++) {
      for (const [ip, allowed] of [
        [iranianIp(rng), prefixes],
        [serverIp(rng), hosting],
      ] as const) {
        const m = IPV4.exec(ip);
        expect(m, ip).not.toBeNull();
        expect(m!.slice(1).every((o) => Number(o) <= 255)).toBe(true);
        expect(allowed.has(ip.split('.').slice(0, 2).join('.'))).toBe(true);
      }
    }
  });

  it('makes E.164 Iranian mobiles, the subscriber digits fixed when given', () => {
    const rng = streamFor(2, 'mobiles');
    expect(iranianMobile(rng)).toMatch(/^\+989\d{9}$/);
    expect(iranianMobile(rng, 42)).toMatch(/^\+989\d{2}0000042$/);
    expect(emailDomain(rng)).toMatch(/^[a-z.]+\.[a-z]+$/);
  });
});

describe('files', () => {
  it('draws uploads whose mime, extension, size and name belong together', () => {
    const rng = streamFor(3, 'files');
    const at = Date.parse('2026-03-12T11:02:10Z');
    for (let i = 0; i < 2_000; i++) {
      const kind = drawUploadKind(rng);
      expect(FILE_KINDS[kind].uploadWeight).toBeGreaterThan(0);
      const { mime, ext } = formatOf(rng, kind);
      expect(kindOfMime(mime)).toBe(kind);
      const size = drawFileSize(rng, kind);
      expect(size).toBeGreaterThanOrEqual(FILE_KINDS[kind].size[0]);
      expect(size).toBeLessThanOrEqual(FILE_KINDS[kind].size[1]);
      expect(fileName(rng, kind, ext, at).endsWith(`.${ext}`)).toBe(true);
    }
  });

  it('names phone photos and screenshots by their Tehran time', () => {
    const at = Date.parse('2026-03-12T11:02:10Z'); // 14:32:10 in Tehran
    const names = new Set<string>();
    for (let seed = 0; seed < 200; seed++) names.add(fileName(streamFor(seed, 'n'), 'Image', 'jpg', at));
    expect(names).toContain('IMG_20260312_143210.jpg');
    expect([...names].some((n) => /^[\u0600-\u06FF]/.test(n))).toBe(true);
  });
});

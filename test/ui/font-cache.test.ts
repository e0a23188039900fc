import { describe, expect, it } from 'vitest';
import { fontCacheStatus } from '../../src/ui/state/font-cache';

const urls = {
  'coverage.json': '/assets/coverage-x.json',
  'noto-sans-sc-400.ttf': '/assets/noto-sans-sc-400-a.ttf',
  'noto-sans-sc-700.ttf': '/assets/noto-sans-sc-700-b.ttf',
  'noto-sans-sc-98-400.ttf': '/assets/noto-sans-sc-98-400-c.ttf',
};
const base = 'https://xunjian.example/';
const main = ['noto-sans-sc-400.ttf', 'noto-sans-sc-700.ttf'];

describe('font cache status', () => {
  it('counts only font files that are in the cache, by path', () => {
    expect(fontCacheStatus(urls, new Set(), base, main)).toEqual({ cached: 0, total: 3, mainCached: false });
    const all = new Set(Object.values(urls));
    expect(fontCacheStatus(urls, all, base, main)).toEqual({ cached: 3, total: 3, mainCached: true });
  });

  it('needs both main faces for offline PDFs; a missing slice only costs rare characters', () => {
    const noSlice = new Set([urls['noto-sans-sc-400.ttf'], urls['noto-sans-sc-700.ttf']]);
    expect(fontCacheStatus(urls, noSlice, base, main)).toEqual({ cached: 2, total: 3, mainCached: true });
    const noBold = new Set([urls['noto-sans-sc-400.ttf'], urls['noto-sans-sc-98-400.ttf']]);
    expect(fontCacheStatus(urls, noBold, base, main).mainCached).toBe(false);
  });

  it('counts a slice inlined as a data: URL as there (it ships inside the precached code)', () => {
    const inlined = { ...urls, 'noto-sans-sc-99-400.ttf': 'data:font/ttf;base64,AAEAAA' };
    expect(fontCacheStatus(inlined, new Set(Object.values(urls)), base, main)).toEqual({
      cached: 4,
      total: 4,
      mainCached: true,
    });
  });

  it('is never "main cached" without main faces to check', () => {
    expect(fontCacheStatus(urls, new Set(Object.values(urls)), base, []).mainCached).toBe(false);
  });
});

// What the PDF font cache really holds. The warm-up's own fetches prove nothing: the
// service worker answers them from the network even when its cache write then fails
// (a small quota, or purgeOnQuotaError evicting older entries), so only a look into the
// cache says whether a record can be made offline.

export interface FontCacheStatus {
  cached: number;
  total: number;
  /** Both main faces are cached: offline PDFs work, perhaps without some rare characters. */
  mainCached: boolean;
}

/**
 * Counts which of the font files (by name → URL) are among the cached paths; `mainFiles`
 * are the main faces (regular, bold) named by the coverage index: without them no
 * offline PDF at all.
 */
export function fontCacheStatus(
  fontUrls: Readonly<Record<string, string>>,
  cachedPaths: ReadonlySet<string>,
  base: string,
  mainFiles: readonly string[],
): FontCacheStatus {
  const files = Object.keys(fontUrls).filter((f) => f.endsWith('.ttf'));
  // Vite inlines the smallest slices as data: URLs in the (precached) code: always there.
  const isCached = (file: string) => {
    const url = fontUrls[file]!;
    return url.startsWith('data:') || cachedPaths.has(new URL(url, base).pathname);
  };
  return {
    cached: files.filter(isCached).length,
    total: files.length,
    mainCached: mainFiles.length > 0 && mainFiles.every((f) => f in fontUrls && isCached(f)),
  };
}

// Where the built app serves the generated fonts (browser and worker only: Vite resolves
// the glob at build time). They are not precached — 15 MB would make the service
// worker's install fragile — but cached at run time and warmed after start-up
// (src/ui/state/font-warmup.ts), so records can be made offline.
const urls = import.meta.glob('./generated-fonts/*.{ttf,json}', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export const FONT_URLS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(urls).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]),
);

/** Read one generated font file (or coverage.json) over fetch, so the service worker's cache answers offline. */
export async function fetchFontBytes(file: string): Promise<Uint8Array> {
  const url = FONT_URLS[file];
  if (!url) throw new Error(`unknown font file ${file}`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`font ${file}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

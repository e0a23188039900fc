/** Part 1 of `npm run bench`: what JavaScript the build ships, gzipped (level 9). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { kb, out, table, verdict, type Row } from './util';

export const SHELL_TARGET_BYTES = 60 * 1024;
const ROOT = resolve(import.meta.dirname, '../..');

export interface Chunk {
  /** Path as the page requests it, e.g. `/assets/index-abc.js`. */
  url: string;
  raw: number;
  gzip: number;
  /** Largest contributors by original source size (from the source map), e.g. `dexie`. */
  contents: string[];
}

export interface SizeReport {
  shell: Chunk[];
  shellGzip: number;
  css: Chunk[];
  chunks: Chunk[];
  precache?: { entries: number; raw: number; gzip: number };
}

const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;

function contentsOf(file: string): string[] {
  const mapFile = `${file}.map`;
  if (!existsSync(mapFile)) return [];
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
  const bySource = new Map<string, number>();
  map.sources.forEach((source, i) => {
    const name = source.includes('node_modules/')
      ? (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? source)
      : relative(ROOT, resolve(dirname(mapFile), source));
    bySource.set(name, (bySource.get(name) ?? 0) + (map.sourcesContent?.[i]?.length ?? 0));
  });
  return [...bySource.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name]) => name);
}

function chunk(dist: string, url: string): Chunk {
  const file = join(dist, url.replace(/^\//, ''));
  const buf = readFileSync(file);
  return { url, raw: buf.length, gzip: gz(buf), contents: url.endsWith('.js') ? contentsOf(file) : [] };
}

/** Attribute values of the tags in index.html that load JS/CSS before first paint. */
function shellUrls(html: string): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attr = (name: string) => new RegExp(`\\s${name}=["']([^"']+)["']`).exec(tag)?.[1];
    if (tag.startsWith('<script') && attr('type') === 'module' && attr('src')) js.push(attr('src') as string);
    else if (tag.startsWith('<link') && attr('rel') === 'modulepreload' && attr('href'))
      js.push(attr('href') as string);
    else if (tag.startsWith('<link') && attr('rel') === 'stylesheet' && attr('href')) css.push(attr('href') as string);
  }
  return { js, css };
}

function precacheOf(dist: string): SizeReport['precache'] {
  const swFile = join(dist, 'sw.js');
  if (!existsSync(swFile)) return undefined;
  const urls = [...readFileSync(swFile, 'utf8').matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] as string);
  let raw = 0;
  let gzip = 0;
  for (const url of new Set(urls)) {
    const file = join(dist, url);
    if (!existsSync(file)) continue;
    const buf = readFileSync(file);
    raw += buf.length;
    gzip += gz(buf);
  }
  return { entries: new Set(urls).size, raw, gzip };
}

export function measureSize(dist: string): SizeReport {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const urls = shellUrls(html);
  if (urls.js.length === 0) throw new Error('dist/index.html has no <script type="module" src>');
  const shell = urls.js.map((u) => chunk(dist, u));
  const assets = join(dist, 'assets');
  const chunks = readdirSync(assets)
    .filter((f) => f.endsWith('.js') && statSync(join(assets, f)).isFile())
    .map((f) => chunk(dist, `/assets/${f}`))
    .sort((a, b) => b.gzip - a.gzip);
  return {
    shell,
    shellGzip: shell.reduce((n, c) => n + c.gzip, 0),
    css: urls.css.map((u) => chunk(dist, u)),
    chunks,
    precache: precacheOf(dist),
  };
}

/**
 * Prints part 1. `firstScreen` is the list of script URLs a real browser fetched for
 * the first screen (`/`, the inspections list), when part 3 could measure it.
 */
export function printSize(size: SizeReport, firstScreen: string[] | undefined): Row[] {
  const shellSet = new Set(size.shell.map((c) => c.url));
  const extra = firstScreen?.filter((u) => !shellSet.has(u)) ?? [];
  const byUrl = new Map(size.chunks.map((c) => [c.url, c]));
  const extraGzip = extra.reduce((n, u) => n + (byUrl.get(u)?.gzip ?? 0), 0);

  out('## 1. App-shell JavaScript (gzip -9; KB = 1024 B, kB = 1000 B)');
  out();
  out('Shell = <script type="module" src> + <link rel="modulepreload"> in dist/index.html:');
  out(
    table(
      ['file', 'raw', 'gzip'],
      [...size.shell.map((c) => [c.url, kb(c.raw), kb(c.gzip)]), ['TOTAL shell JS', '', kb(size.shellGzip)]],
    ),
  );
  out(`Shell CSS (not JS, for reference): ${size.css.map((c) => `${c.url} ${kb(c.gzip)} gzip`).join(', ') || 'none'}`);
  out();
  if (firstScreen === undefined)
    out('JS additionally loaded for the first screen: not measured (browser part failed).');
  else if (extra.length === 0) out('JS additionally loaded for the first screen (/): none.');
  else {
    out('JS additionally loaded for the first screen (/) after the shell, as fetched by Chromium:');
    out(
      table(
        ['file', 'gzip', 'contents'],
        extra.map((u) => [u, kb(byUrl.get(u)?.gzip ?? 0), byUrl.get(u)?.contents.join(', ') ?? '?']),
      ),
    );
    out(`Shell + first screen: ${kb(size.shellGzip + extraGzip)}`);
  }
  out();
  out('All JS chunks in dist/assets (largest first; contents = top sources by original size):');
  const role = (u: string) => (shellSet.has(u) ? 'shell' : extra.includes(u) ? 'first screen' : 'on demand');
  out(
    table(
      ['file', 'raw', 'gzip', 'loaded', 'contents'],
      size.chunks.map((c) => [c.url, kb(c.raw), kb(c.gzip), role(c.url), c.contents.join(', ')]),
    ),
  );
  out(`All JS: ${kb(size.chunks.reduce((n, c) => n + c.gzip, 0))} gzip`);
  if (size.precache)
    out(
      `Precache (dist/sw.js manifest): ${size.precache.entries} entries, ${kb(size.precache.raw)} raw, ${kb(size.precache.gzip)} gzip`,
    );
  out();

  const rows: Row[] = [
    {
      figure: 'App-shell JS (gzip)',
      value: kb(size.shellGzip),
      target: '≤ 60 KB (61.44 kB)',
      verdict: verdict(size.shellGzip <= SHELL_TARGET_BYTES),
    },
  ];
  if (firstScreen !== undefined)
    rows.push({
      figure: 'Shell + first-screen JS (gzip)',
      value: kb(size.shellGzip + extraGzip),
      target: '(info)',
      verdict: 'INFO',
    });
  return rows;
}

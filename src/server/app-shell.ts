import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One build's index.html, as served for every client-side route. */
export interface AppShell {
  html: string;
  /** Weak, because the compress middleware may gzip the body. */
  etag: string;
}

/** The hashed files a page loads (scripts, styles, preloads): they change with every build. */
const ASSET_REFERENCE = /\b(?:src|href)="(\/assets\/[^"?#]+)/g;

/**
 * The current build's app shell, read from disk on every call; undefined while there is
 * no complete build (none yet, or a rebuild in progress).
 */
export function readAppShell(staticDir: string): AppShell | undefined {
  // Read on every call, not cached by mtime: the file is a few KB, navigations that reach
  // the server are rare (the service worker answers most), and a coarse mtime could hide
  // a rebuild.
  const bytes = readWholeFile(join(staticDir, 'index.html'));
  if (!bytes) return undefined;
  const html = bytes.toString('utf8');
  // Written in place, a file is as long as what has been written so far: only a page
  // that ends is whole (Vite's always ends with </html>).
  if (!/<\/html>\s*$/i.test(html)) return undefined;
  // A build writes its files in no fixed order, and a deploy may delete old assets first:
  // a page whose scripts answer 404 is a blank screen, so it is not served.
  for (const [, path] of html.matchAll(ASSET_REFERENCE)) if (!existsSync(join(staticDir, path!))) return undefined;
  const hash = createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
  return { html, etag: `W/"${hash}"` };
}

/** The file's bytes, or undefined when it is absent, empty or still being written. */
function readWholeFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const bytes = readFileSync(fd);
    // The build truncates, then writes: a short read means the writer is not done.
    return bytes.length > 0 && bytes.length === fstatSync(fd).size ? bytes : undefined;
  } finally {
    closeSync(fd);
  }
}

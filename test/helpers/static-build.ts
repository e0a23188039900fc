import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Replace `dir`'s content with a small production build named `build` (its index.html
 * loads /assets/app-<build>.js and .css), as `vite build` does: everything old is deleted,
 * the folder itself stays.
 */
export function writeBuild(dir: string, build: string): void {
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', `app-${build}.js`), `document.title = 'build ${build}';`);
  writeFileSync(join(dir, 'assets', `app-${build}.css`), 'body { margin: 0 }');
  writeFileSync(join(dir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(
    join(dir, 'index.html'),
    [
      '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8" />',
      '<link rel="icon" href="/icon.svg" type="image/svg+xml" />',
      `<script type="module" crossorigin src="/assets/app-${build}.js"></script>`,
      `<link rel="stylesheet" crossorigin href="/assets/app-${build}.css">`,
      `<title>巡检 build ${build}</title></head><body><div id="root"></div></body></html>`,
    ].join('\n'),
  );
}

/** The same-origin files a page loads: its script sources and link targets. */
export function referencedFiles(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]!);
}

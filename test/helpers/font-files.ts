// The generated fonts as the record CLI reads them in Node: built (or found up to date)
// by scripts/build/build-fonts.ts, then read from disk by file name.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildFonts } from '../../scripts/build/build-fonts';
import type { LoadFontBytes } from '../../src/report/draw/fonts';

/** Builds the fonts if needed and returns a loader for registerFonts, counting what it read. */
export function nodeFontLoader(): { loadBytes: LoadFontBytes; read: string[] } {
  const { dir } = buildFonts();
  const read: string[] = [];
  const loadBytes: LoadFontBytes = async (file) => {
    read.push(file);
    return new Uint8Array(await readFile(join(dir, file)));
  };
  return { loadBytes, read };
}

// Fixes to jsPDF's TrueType (Identity-H) output that the record needs. This edits
// node_modules/jspdf/dist in place; the result is kept as patches/jspdf+VERSION.patch and
// re-applied by patch-package on every install (the "postinstall" script). After a jsPDF
// upgrade: `npm install jspdf@X && npx tsx scripts/build/patch-jspdf.ts && npx patch-package jspdf`.
//
// 1. Subsetting was quadratic in the number of distinct glyphs (2,000 distinct hanzi took
//    seconds, growing with the square):
//    - GlyfTable.encode grew the glyf table with `table = table.concat(glyph.encode(…))`,
//      copying every byte written so far once per glyph: now it pushes in place;
//    - pdfEscape16 asked `widths.indexOf(glyph)` for every character drawn, scanning every
//      glyph seen so far: now a Set remembers them.
// 2. The embedded subsets were named like the whole font, the same for every style
//    ("/BaseFont /NotoSansSC" for regular and bold alike). A subset's name must carry a
//    six-letter tag (PDF 32000-1 §9.6.4), so tools and printers know it is one; it is now
//    "XJAAAB+NotoSansSC-Bold", the tag derived from jsPDF's font id.
// 3. CIDSystemInfo said /Ordering (Identity-H), which is the encoding; the ordering is
//    (Identity). Poppler printed "Unknown character collection" for every font.
// Each edit carries a marker comment (test/report/jspdf-patch.test.ts looks for them).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const GLYF_MARKER = '/*xunjian:linear-glyf-encode*/';
export const WIDTHS_MARKER = '/*xunjian:widths-seen-set*/';
export const SUBSET_TAG_MARKER = '/*xunjian:subset-tag*/';

// Every build a bundler or Node may pick: exports map "browser"/"default" → es.min,
// "node" → node.min; the others for anyone importing jspdf/dist/* directly.
export const JSPDF_BUILDS = [
  'jspdf.es.min.js',
  'jspdf.node.min.js',
  'jspdf.umd.min.js',
  'jspdf.es.js',
  'jspdf.node.js',
  'jspdf.umd.js',
];

/** Returns `source` with the fixes applied; throws if jsPDF's code no longer matches. */
export function patchJspdfSource(source: string, name: string): string {
  let out = source;
  if (!out.includes(GLYF_MARKER)) {
    // `table = table.concat(glyph.encode(old2new))`, whatever the minifier named them.
    const concat = /(\w+)\s*=\s*\1\.concat\((\w+)\.encode\((\w+)\)\)/g;
    out = replaceOnce(out, concat, name, 'GlyfTable.encode', (_m, table: string, glyph: string, map: string) => {
      return `(${GLYF_MARKER}function(b){for(var k=0;k<b.length;k++)${table}.push(b[k])}(${glyph}.encode(${map})))`;
    });
  }
  if (!out.includes(WIDTHS_MARKER)) {
    const start = out.search(/pdfEscape16\s*=\s*function/);
    if (start < 0) throw new Error(`${name}: pdfEscape16 not found`);
    const head = /pdfEscape16\s*=\s*function\s*\(\s*\w+\s*,\s*(\w+)\s*\)/.exec(out.slice(start));
    if (!head) throw new Error(`${name}: pdfEscape16's parameters not found`);
    const font = head[1]!;
    // The function is short: edit only its first kilobyte or so.
    const end = start + 1500;
    const body = out.slice(start, end);
    const indexOf = /-1\s*==\s*(\w+)\.indexOf\((\w+)\)|(\w+)\.indexOf\((\w+)\)\s*==\s*-1/g;
    const patched = replaceOnce(body, indexOf, name, 'pdfEscape16', (...m: string[]) => {
      const glyph = m[2] ?? m[4]!;
      return (
        `${WIDTHS_MARKER}(function(m,g){var s=m.__xjWidthsSeen||(m.__xjWidthsSeen=new Set);` +
        `return!s.has(g)&&(s.add(g),!0)})(${font}.metadata,${glyph})`
      );
    });
    out = out.slice(0, start) + patched + out.slice(end);
  }
  if (!out.includes(SUBSET_TAG_MARKER)) {
    // The Identity-H font objects: from the descriptor's /FontName to the Type0 dictionary.
    const start = out.indexOf('"/FontName /"');
    const end = out.indexOf('"/DescendantFonts ["', start);
    if (start < 0 || end < 0) throw new Error(`${name}: the Identity-H font objects were not found`);
    let block = out.slice(start, end);
    const names = /(\w+)\((\w+)\.fontName\)/g;
    const count = [...block.matchAll(names)].length;
    if (count !== 3) throw new Error(`${name}: expected 3 font names in the Identity-H objects, found ${count}`);
    block = block.replace(names, (_m, toPdfName: string, font: string) => `${toPdfName}(${SUBSET_NAME}(${font}))`);
    const ordering = /"\/Ordering \("\s*\+\s*\w+\.encoding\s*\+\s*"\)"/g;
    block = replaceOnce(block, ordering, name, 'CIDSystemInfo /Ordering', () => '"/Ordering (Identity)"');
    out = out.slice(0, start) + block + out.slice(end);
  }
  return out;
}

// "XJ" and four letters from the font id ("F14" → "XJAAAO"), "+", family, "-", style.
const SUBSET_NAME =
  `${SUBSET_TAG_MARKER}(function(f){var n=parseInt(String(f.id).replace(/\\D/g,""),10)||0,t="";` +
  `for(var k=0;k<4;k++){t=String.fromCharCode(65+n%26)+t;n=Math.floor(n/26)}` +
  `var s=f.fontStyle==="normal"?"Regular":f.fontStyle.charAt(0).toUpperCase()+f.fontStyle.slice(1);` +
  `return"XJ"+t+"+"+f.fontName+"-"+s})`;

function replaceOnce(
  text: string,
  pattern: RegExp,
  name: string,
  what: string,
  replacer: (...match: string[]) => string,
): string {
  const count = [...text.matchAll(pattern)].length;
  if (count !== 1) throw new Error(`${name}: expected one ${what} site, found ${count}`);
  return text.replace(pattern, replacer);
}

/** The directory of the installed jsPDF builds. */
export function jspdfDistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('jspdf/package.json')), 'dist');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = jspdfDistDir();
  for (const build of JSPDF_BUILDS) {
    const path = join(dir, build);
    const before = readFileSync(path, 'utf8');
    const after = patchJspdfSource(before, build);
    if (after !== before) writeFileSync(path, after);
    console.log(`${build}: ${after === before ? 'already patched' : 'patched'}`);
  }
}

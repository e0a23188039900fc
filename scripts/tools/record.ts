// `npm run record -- --fixture FILE --out OUT.pdf`: render the record of an inspection
// file in Node through the same code the app uses (tests, support).
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRecordModel } from '../../src/report/model/record-model';
import { renderRecord } from '../../src/report/draw/render-record';
import { buildFonts } from '../build/build-fonts';
import { InspectionFileError, loadInspectionFile } from './inspection-file';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({ options: { fixture: { type: 'string' }, out: { type: 'string' } } });
if (!values.fixture || !values.out) fail('usage: npm run record -- --fixture FILE.json --out OUT.pdf');

const loaded = await loadInspectionFile(values.fixture).catch((err: unknown) => {
  if (err instanceof InspectionFileError) fail(err.message);
  throw err;
});
const model = buildRecordModel(loaded.input);
const { dir } = buildFonts();
const started = performance.now();
const rendered = await renderRecord(model, {
  loadFontBytes: async (name) => new Uint8Array(await readFile(join(dir, name))),
  loadImage: async (sha256) => loaded.images[sha256],
});
writeFileSync(values.out, new Uint8Array(rendered.pdf));
console.log(
  `${values.out}: ${rendered.pages} pages, ${(rendered.pdf.byteLength / 1024).toFixed(0)} KB, ` +
    `${Math.round(performance.now() - started)} ms` +
    rendered.missing.map((m) => `; not printable: ${m.chars.join(' ')} in ${m.place}`).join(''),
);

// `npm run record -- --fixture FILE --out OUT.pdf`: render the record of an inspection
// file in Node through the same code the app uses (tests, support).
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { imageSize } from '../src/report/image-size';
import { buildRecordModel } from '../src/report/record-model';
import { renderRecord } from '../src/report/render-record';
import { formatIssues } from '../src/shared/checklist-validate';
import { contentDigest } from '../src/shared/digest';
import { sha256Hex } from '../src/shared/evidence';
import { InspectionFile } from '../src/shared/inspection-file.schema';
import { buildFonts } from './build-fonts';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({ options: { fixture: { type: 'string' }, out: { type: 'string' } } });
if (!values.fixture || !values.out) fail('usage: npm run record -- --fixture FILE.json --out OUT.pdf');

let json: unknown;
try {
  json = JSON.parse(readFileSync(values.fixture, 'utf8'));
} catch (err) {
  fail(`${values.fixture}: cannot read JSON: ${(err as Error).message}`);
}
const parsed = InspectionFile.safeParse(json);
if (!parsed.success) fail(formatIssues(values.fixture, parsed.error.issues).join('\n'));
const file = parsed.data;

const blobs = new Map<string, { type: string; bytes: Uint8Array }>();
for (const [sha256, blob] of Object.entries(file.blobs)) {
  const bytes = new Uint8Array(Buffer.from(blob.base64, 'base64'));
  // Content-addressed: a blob whose bytes do not hash to its key is corrupt.
  if ((await sha256Hex(bytes)) !== sha256) fail(`${values.fixture}: blobs.${sha256}: bytes do not match their SHA-256`);
  blobs.set(sha256, { type: blob.type, bytes });
}

const input = {
  inspection: file.inspection,
  template: file.template,
  rooms: file.rooms,
  computers: file.computers,
  answers: new Map(file.answers.map((a) => [a.id, a])),
  findings: new Map(file.findings.map((f) => [f.id, f])),
  photos: file.photos,
  signatures: file.signatures,
};
const digest = await contentDigest({ ...input, answers: file.answers, findings: file.findings });
const model = buildRecordModel({ ...input, digest });
const { dir } = buildFonts();
const started = performance.now();
const rendered = await renderRecord(model, {
  loadFontBytes: async (name) => new Uint8Array(await readFile(join(dir, name))),
  loadImage: async (sha256) => {
    const blob = blobs.get(sha256);
    const size = blob && imageSize(blob.bytes);
    return blob && size ? { ...blob, ...size } : undefined;
  },
});
writeFileSync(values.out, new Uint8Array(rendered.pdf));
console.log(
  `${values.out}: ${rendered.pages} pages, ${(rendered.pdf.byteLength / 1024).toFixed(0)} KB, ` +
    `${Math.round(performance.now() - started)} ms` +
    (rendered.missing.length ? `; not printable: ${rendered.missing.join(' ')}` : ''),
);

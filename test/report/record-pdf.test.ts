import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InspectionFile } from '../../src/shared/inspection-file.schema';

const dir = mkdtempSync(join(tmpdir(), 'xunjian-record-'));

function record(fixture: string, out: string): { code: number; output: string } {
  try {
    const output = execFileSync('npx', ['tsx', 'scripts/tools/record.ts', '--fixture', fixture, '--out', out], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, output };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: e.stdout + e.stderr };
  }
}
const pdftotext = (pdf: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

describe('npm run record (the small fixture, with a hostile note)', () => {
  const fixture: InspectionFile = JSON.parse(readFileSync('test/fixtures/record-small.json', 'utf8'));
  // 赜 is in a fallback slice only; 𠀾 (CJK Extension B) is in no font we ship.
  const hostile = '<script>alert(1)</script> %PDF-1.7 \\(x\\) 赜 𠀾';
  fixture.answers[0]!.note = hostile;
  fixture.inspection.representative.name = '李喆';
  const input = join(dir, 'small.json');
  const pdf = join(dir, 'small.pdf');
  let text = '';
  let result: { code: number; output: string };
  beforeAll(() => {
    writeFileSync(input, JSON.stringify(fixture));
    result = record(input, pdf);
    text = pdftotext(pdf);
  });

  it('renders, and says which typed characters no font can print', () => {
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/\d+ pages/);
    expect(result.output).toContain('not printable: 𠀾');
  });

  it('prints the title, particulars, every finding and every signer as real text', () => {
    expect(text).toContain('某镇人民政府网络安全检查记录');
    expect(text).toContain('县网络安全和信息化委员会办公室〔2026〕5号');
    for (const f of fixture.findings) expect(text.replace(/\s+/g, '')).toContain(f.problem.replace(/\s+/g, ''));
    for (const s of fixture.signatures) expect(text).toContain(s.name);
  });

  it('prints rare characters and hostile text exactly as typed', () => {
    const flat = text.replace(/\s+/g, '');
    for (const ch of '堃镕喆赜') expect(flat).toContain(ch);
    expect(flat).toContain('<script>alert(1)</script>%PDF-1.7\\(x\\)');
  });

  it('numbers every page 第 N 页 / 共 M 页 with the document id', () => {
    const total = pages(pdf);
    expect(total).toBeGreaterThan(2);
    for (let n = 1; n <= total; n++) expect(text).toContain(`第 ${n} 页 / 共 ${total} 页`);
    expect(text).toMatch(/XJ-20261124-[0-9A-F]{8}/);
  });

  it('embeds the photos and the signatures (with transparency) as images', () => {
    const types = imageTypes(pdf);
    const images = types.filter((t) => t === 'image');
    const masks = types.filter((t) => t === 'smask');
    expect(images.length).toBe(fixture.photos.length + fixture.signatures.length);
    expect(masks.length).toBe(fixture.signatures.length);
  });

  it('embeds only font subsets, with a real bold face', () => {
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    // jsPDF lists the standard 14 fonts as resources on every document; no text uses them.
    const rows = fonts
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .filter((r) => !/^(Helvetica|Courier|Times|Symbol|ZapfDingbats)/.test(r));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType.*yes\s+yes/);
    expect(fonts).toMatch(/Bold/);
  });

  it('renders page 1 to an image (pdftoppm)', () => {
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
    const png = readdirPng();
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});

/** The type column (image, smask, …) of `pdfimages -list`, one entry per image. */
function imageTypes(pdf: string): string[] {
  const rows = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return rows.map((r) => r.trim().split(/\s+/)[2] ?? '');
}

function readdirPng(): string {
  const names = execFileSync('ls', [dir], { encoding: 'utf8' }).split('\n');
  const name = names.find((n) => n.startsWith('page') && n.endsWith('.png'));
  if (!name) throw new Error('no page image');
  return join(dir, name);
}

describe('npm run record (the large fixture)', () => {
  it('renders 130 answers, 30 photos, 2 signatures and a 20-PC office under 8 MB', () => {
    const pdf = join(dir, 'large.pdf');
    const r = record('test/fixtures/record-large.json', pdf);
    expect(r.code).toBe(0);
    expect(statSync(pdf).size).toBeLessThan(8 * 1024 * 1024);
    const text = pdftotext(pdf);
    expect(text).toContain('计算机 20');
    expect(imageTypes(pdf).filter((t) => t === 'image')).toHaveLength(32);
  });
});

describe('bad input', () => {
  it('names the file, the path and the reason', () => {
    const fixture = JSON.parse(readFileSync('test/fixtures/record-small.json', 'utf8')) as InspectionFile;
    (fixture.answers[2] as { result: string }).result = 'maybe';
    const input = join(dir, 'bad.json');
    writeFileSync(input, JSON.stringify(fixture));
    const r = record(input, join(dir, 'bad.pdf'));
    expect(r.code).toBe(1);
    expect(r.output).toContain(`${input}: answers[2].result: Invalid option`);
  });

  it('refuses evidence whose bytes do not match their SHA-256', () => {
    const fixture = JSON.parse(readFileSync('test/fixtures/record-small.json', 'utf8')) as InspectionFile;
    const [sha] = Object.keys(fixture.blobs);
    fixture.blobs[sha!]!.base64 = Buffer.from('not the photo').toString('base64');
    const input = join(dir, 'corrupt.json');
    writeFileSync(input, JSON.stringify(fixture));
    const r = record(input, join(dir, 'corrupt.pdf'));
    expect(r.code).toBe(1);
    expect(r.output).toContain(`blobs.${sha}: bytes do not match their SHA-256`);
  });
});

// "What is printed is what was recorded": records at the schema's limits, choices, rare
// characters and the page marking, rendered in-process and read back with pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInspectionFile } from '../../scripts/tools/inspection-file';
import type { DraftSection } from '../../src/report/model/draft';
import { renderDraft } from '../../src/report/draw/draft-pdf';
import { buildRecordModel } from '../../src/report/model/record-model';
import { renderRecord, type RenderedRecord } from '../../src/report/draw/render-record';
import type { InspectionFile } from '../../src/shared/inspection-file.schema';
import { nodeFontLoader } from '../helpers/font-files';

const dir = mkdtempSync(join(tmpdir(), 'xunjian-exact-'));
const fonts = nodeFontLoader();
const squeeze = (s: string) => s.replace(/\s+/g, '');
const smallFixture = (): InspectionFile => JSON.parse(readFileSync('test/fixtures/record-small.json', 'utf8'));

/** Validates `file` against the schema (as `npm run record` does), renders it, returns the PDF's path. */
async function render(
  file: InspectionFile,
  name: string,
  marking?: string,
): Promise<RenderedRecord & { path: string }> {
  const json = join(dir, `${name}.json`);
  writeFileSync(json, JSON.stringify(file));
  const loaded = await loadInspectionFile(json);
  const rendered = await renderRecord(buildRecordModel(loaded.input), {
    loadFontBytes: fonts.loadBytes,
    loadImage: async (sha256) => loaded.images[sha256],
    ...(marking === undefined ? {} : { marking }),
  });
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, new Uint8Array(rendered.pdf));
  return { ...rendered, path };
}

// -raw keeps the content stream's order: a table cell's lines come out together, not
// interleaved with the cell beside them.
const pdftext = (pdf: string) => execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
const pageTexts = (pdf: string) => pdftext(pdf).split('\f').slice(0, -1);

/**
 * In how many pieces, in order, `needle` is in `haystack` (Infinity if it is not): 1 when
 * it is there whole, one more for each page it continues on.
 */
function pieces(haystack: string, needle: string): number {
  let [from, at, count] = [0, 0, 0];
  while (from < needle.length) {
    const head = needle.slice(from, from + 6);
    let [best, bestEnd] = [0, 0];
    for (let i = haystack.indexOf(head, at); i >= 0; i = haystack.indexOf(head, i + 1)) {
      let n = head.length;
      while (from + n < needle.length && haystack[i + n] === needle[from + n]) n++;
      if (n > best) [best, bestEnd] = [n, i + n];
    }
    if (best === 0) return Infinity;
    [from, at, count] = [from + best, bestEnd, count + 1];
  }
  return count;
}

// Chinese, Latin words, URLs, numbers and a character from a fallback slice (赜); each
// text gets numbered tags, so a piece of one cannot stand in for a piece of another.
const WORDS = [
  '机房门禁系统未启用',
  '进出登记簿缺少九月记录',
  '弱口令',
  '防火墙策略',
  'Windows Server 2019',
  'firewall rules are reviewed monthly',
  'https://www.example-court.gov.cn/portal/notice/list?page=2&size=50',
  'http://zwfw.hunan.gov.cn/service/index.html?from=wechat&channel=2#top',
  '192.168.10.254',
  '《网络安全法》第二十一条',
  '，',
  '。',
  '赵赜',
  'VPN',
  '（2026年11月）',
];
function mixedText(tag: string, length: number): string {
  let text = '';
  for (let n = 0; text.length < length; n++) text += `${WORDS[(n * 7 + tag.length) % WORDS.length]}${tag}-${n} `;
  // The schema trims some fields: no space at either end.
  return text.slice(0, length).trim().padEnd(length, '检');
}

describe('a record at the schema limits', () => {
  const file = smallFixture();
  const i = file.inspection;
  i.unit = mixedText('U', 200);
  i.address = mixedText('A', 300);
  i.basis = mixedText('B', 300);
  i.inspectors = [mixedText('I', 60), mixedText('J', 60)];
  i.representative = { name: mixedText('R', 60), title: mixedText('T', 60) };
  file.rooms[0]!.name = mixedText('M', 100);
  Object.assign(file.computers[0]!, {
    assetTag: mixedText('Z', 60),
    user: mixedText('S', 60),
    location: mixedText('L', 100),
  });
  for (const [n, a] of file.answers.slice(0, 4).entries()) a.note = mixedText(`N${n}`, 2000);
  // 25 sites in the 记录值 column (500 characters), and the choices of two PCs.
  const sites = Array.from({ length: 25 }, (_, n) => `站点${n + 1} w${n + 1}.gov.cn/`)
    .join('、')
    .concat('、', mixedText('V', 500))
    .slice(0, 500);
  const answer = (roomId: string, itemId: string, value: string, computerId?: string) => ({
    id: `${roomId}/${computerId ?? '-'}/${itemId}`,
    inspectionId: i.id,
    roomId,
    ...(computerId ? { computerId } : {}),
    itemId,
    value,
    updatedAt: 1,
  });
  // Addresses in the 记录值 column whose host names fit on a line of it.
  const urls = Array.from({ length: 11 }, (_, n) => `https://w${n + 1}.court.gov.cn/list?page=${n + 1}&size=50`)
    .join('\n')
    .slice(0, 500);
  file.rooms.push({ id: 'tr', inspectionId: i.id, kind: 'training', name: '宣传教育培训', order: 6 });
  file.answers.push(
    answer('pub', 'ps-service-list', sites),
    answer('tr', 'tr-participants', urls),
    answer('of', 'pc-network-type', 'intranet', 'pc1'),
    answer('of', 'pc-hardware-condition', 'aging', 'pc1'),
    answer('of', 'pc-network-type', 'classified', 'pc2'),
    answer('of', 'pc-hardware-condition', 'good', 'pc2'),
  );
  for (const [n, f] of file.findings.slice(0, 3).entries()) {
    f.problem = mixedText(`P${n}`, 2000);
    f.rectification.measure = mixedText(`C${n}`, 2000);
    f.rectification.owner = mixedText(`O${n}`, 60);
  }
  file.photos[0]!.caption = mixedText('G', 200);
  for (const s of file.signatures)
    Object.assign(s, { name: mixedText(`Q${s.id}`, 60), title: mixedText(`H${s.id}`, 60) });

  let rendered: RenderedRecord & { path: string };
  let [raw, text] = ['', ''];
  beforeAll(async () => {
    rendered = await render(file, 'limits');
    raw = pdftext(rendered.path);
    text = squeeze(raw);
  }, 120_000);

  it('prints every character of every text, continuing long ones on the next pages', () => {
    const texts = [
      i.unit,
      i.address,
      i.basis,
      ...i.inspectors,
      i.representative.name,
      i.representative.title,
      file.rooms[0]!.name,
      file.computers[0]!.assetTag,
      file.computers[0]!.user,
      file.computers[0]!.location,
      ...file.answers.slice(0, 4).map((a) => a.note!),
      sites,
      urls,
      ...file.findings.slice(0, 3).flatMap((f) => [f.problem, f.rectification.measure, f.rectification.owner]),
      file.photos[0]!.caption,
      ...file.signatures.flatMap((s) => [s.name, s.title]),
    ];
    expect(texts.map((t) => t.length)).toContain(2000);
    // A 2000-character note fills about three pages of its column: one piece a page.
    for (const t of texts) expect(pieces(text, squeeze(t)), t.slice(0, 40)).toBeLessThanOrEqual(4);
    // The row-by-row texts that fit on one page stay in one piece.
    for (const t of [file.rooms[0]!.name, i.unit]) expect(pieces(text, squeeze(t))).toBe(1);
    expect(rendered.missing).toEqual([]);
  });

  it('keeps a host name whole in the 记录值 column, breaking a URL after / ? &', () => {
    const lines = raw.split('\n');
    // https:// goes first, the host name next, whole: never https://w1.court. / gov.cn/…
    for (let n = 1; n <= 11; n++) {
      expect(lines, `w${n}`).toContain('https://');
      expect(
        lines.some((l) => l.startsWith(`w${n}.court.gov.cn/`)),
        `w${n}`,
      ).toBe(true);
    }
    expect(lines.filter((l) => /^https:\/\/w\d/.test(l))).toEqual([]);
  });

  it('prints choices by their Chinese labels', () => {
    for (const label of ['非涉密内网（政务专网、业务专网）', '老化', '涉密计算机', '良好'])
      expect(text).toContain(label);
    for (const id of ['intranet', 'aging', 'good']) expect(text).not.toMatch(new RegExp(`(^|[^a-z])${id}([^a-z]|$)`));
  });
});

describe('a character no font has', () => {
  const file = smallFixture();
  file.inspection.unit = '王堃𠮷县人民法院';
  file.rooms[1]!.name = '机要𠮷室';
  let rendered: RenderedRecord & { path: string };
  let text = '';
  beforeAll(async () => {
    rendered = await render(file, 'placeholder');
    text = squeeze(pdftext(rendered.path));
  }, 60_000);

  it('prints a placeholder naming it where it was, never a silent gap', () => {
    expect(text).toContain('王堃〔U+20BB7〕县人民法院网络安全检查记录');
    expect(text).toContain('被检查单位：王堃〔U+20BB7〕县人民法院');
    expect(text).toContain('二、机要〔U+20BB7〕室');
    expect(text).not.toContain('王堃县');
    expect(text).not.toContain('机要室');
  });

  it('names each field it is in', () => {
    expect(rendered.missing).toEqual([
      { place: '被检查单位', chars: ['𠮷'] },
      { place: '二、机要𠮷室 · 房间名称', chars: ['𠮷'] },
    ]);
  });
});

describe('the marking in every page header', () => {
  const file = smallFixture();
  const draft: DraftSection[] = [
    { id: 'title', text: '某镇人民政府网络安全自查报告' },
    { id: 'basic', heading: '一、基本情况', text: Array.from({ length: 40 }, () => mixedText('D', 120)).join('\n') },
    { id: 'closing', text: '某镇人民政府\n2026年11月24日' },
  ];
  const renderDraftTo = async (name: string, marking?: string) => {
    const meta = { header: '某镇人民政府 · 2026-11-24', documentId: 'XJ-20261124-ABCDEF12' };
    const r = await renderDraft(draft, marking === undefined ? meta : { ...meta, marking }, fonts.loadBytes);
    const path = join(dir, `${name}.pdf`);
    writeFileSync(path, new Uint8Array(r.pdf));
    return path;
  };
  const pages: Record<string, string[]> = {};
  beforeAll(async () => {
    pages.recordDefault = pageTexts((await render(file, 'marked')).path);
    pages.recordCustom = pageTexts((await render(file, 'custom', '秘密★1年')).path);
    pages.recordNone = pageTexts((await render(file, 'unmarked', '')).path);
    pages.draftDefault = pageTexts(await renderDraftTo('draft-marked'));
    pages.draftNone = pageTexts(await renderDraftTo('draft-unmarked', ''));
  }, 120_000);

  it('is 内部资料 注意保密 by default, on every page of the record and of the draft', () => {
    for (const key of ['recordDefault', 'draftDefault']) {
      expect(pages[key]!.length, key).toBeGreaterThan(1);
      for (const page of pages[key]!) expect(page).toContain('内部资料 注意保密');
    }
  });

  it('prints the marking the user set, and none when it is empty', () => {
    for (const page of pages.recordCustom!) expect(page).toContain('秘密★1年');
    for (const key of ['recordNone', 'draftNone']) {
      expect(pages[key]!.length, key).toBeGreaterThan(1);
      for (const page of pages[key]!) expect(squeeze(page)).not.toContain('内部资料');
    }
  });
});

describe('修改记录 and who captured each signature', () => {
  it('prints each reopening (by whom, when, why, the signatures it voided) and the server’s note of each signature', async () => {
    const file = smallFixture();
    const [first] = file.signatures;
    const voided = { ...first!, id: 'sig-old', name: '孙淼', voidedAt: 1790000400000, signedAt: 1790000300000 };
    file.signatures = [
      {
        ...first!,
        captured: { by: '陈镕', deviceId: '5f0c2a9e-1111-4222-8333-944445555666', receivedAt: 1790000600000 },
      },
      ...file.signatures.slice(1),
      voided,
    ];
    const reason = mixedText('W', 500);
    file.inspection.reopenings = [
      { by: '王堃', reason, at: 1790000400000, voidedSignatureIds: ['sig-old', 'sig-never-synced'] },
    ];
    const { path, missing } = await render(file, 'changes');
    expect(missing).toEqual([]);
    const text = squeeze(pdftext(path));
    expect(text).toContain('修改记录');
    expect(text).toContain(squeeze(`由 王堃 重新打开`));
    expect(pieces(text, squeeze(`原因：${reason}`))).toBeLessThanOrEqual(2);
    expect(text).toContain(squeeze('作废的签字：孙淼（检查人员）、（未同步的签字）'));
    expect(text).toContain(squeeze('由 陈镕 在设备 5f0c2a9e 上采集'));
    // The voided signature itself is not among the signatures.
    expect(text.match(/孙淼/g)).toHaveLength(1);
  });
});

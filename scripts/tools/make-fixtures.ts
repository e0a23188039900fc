// Writes test/fixtures/record-small.json and record-large.json: inspection files for the
// record renderer (`npm run record`). Deterministic; needs ImageMagick (`convert`) for the
// photos and signature images. Run again only when the fixture shape changes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTemplateFile } from '../../src/shared/checklist-file';
import { contentDigest } from '../../src/shared/digest';
import { sha256Hex, type Photo, type Signature } from '../../src/shared/evidence';
import { INSPECTION_FILE_FORMAT, type InspectionFile } from '../../src/shared/inspection-file.schema';
import type { Answer, Computer, Finding, Result, RoomVisit } from '../../src/shared/inspection';
import { roomWalk } from '../../src/shared/progress';

const tmp = mkdtempSync(join(tmpdir(), 'xunjian-fixtures-'));
const tplFile = 'checklists/general.yaml';
const checked = checkTemplateFile(tplFile, readFileSync(tplFile, 'utf8'));
if (!checked.ok) throw new Error(checked.errors.join('\n'));
const template = checked.template;

function image(name: string, args: string[]): Uint8Array {
  const out = join(tmp, name);
  execFileSync('convert', [...args, out]);
  return new Uint8Array(readFileSync(out));
}
const photoBytes = (seed: number) =>
  image(`p${seed}.jpg`, [
    '-seed',
    String(seed),
    '-size',
    '300x225',
    'plasma:fractal',
    '-resize',
    '1200x900',
    '-quality',
    '72',
  ]);
const signatureBytes = (seed: number) =>
  image(`s${seed}.png`, [
    '-size',
    '600x200',
    'xc:none',
    '-stroke',
    '#0a1a3a',
    '-strokewidth',
    '5',
    '-fill',
    'none',
    '-draw',
    `bezier 30,${140 + seed * 10} 160,20 320,190 570,${40 + seed * 20}`,
  ]);

const NOTES = [
  '现场核对无误',
  '已当场提醒整改',
  '管理员赜某陪同说明情况',
  '与台账一致',
  '设备标签模糊，已拍照',
  '温湿度记录本缺九月记录',
];
const PEOPLE = ['王堃', '陈镕', '李喆', '赵一', '钱二', '孙三', '周四', '吴五', '郑六', '冯七'];

function inspectionOf(id: string, large: boolean) {
  return {
    id,
    unit: large ? '某县人民法院（含派出法庭）' : '某镇人民政府',
    address: '某县人民路88号',
    date: '2026-11-24',
    basis: '县网络安全和信息化委员会办公室〔2026〕5号',
    inspectors: ['王堃', '陈镕'],
    representative: { name: '李喆', title: '办公室主任' },
    createdAt: 1_790_000_000_000,
    updatedAt: 1_790_000_600_000,
  };
}

async function build(size: 'small' | 'large'): Promise<InspectionFile> {
  const large = size === 'large';
  const id = `fixture-${size}`;
  const rooms: RoomVisit[] = [
    { id: 'mr', inspectionId: id, kind: 'machine-room', name: '一楼中心机房', order: 1 },
    { id: 'ar', inspectionId: id, kind: 'archive-room', name: '机要室', order: 2 },
    { id: 'of', inspectionId: id, kind: 'office', name: large ? '综合办公室（大开间）' : '立案庭办公室', order: 3 },
    { id: 'org', inspectionId: id, kind: 'organisation', name: '组织领导', order: 4 },
    { id: 'pub', inspectionId: id, kind: 'public-services', name: '网站、APP与公众号', order: 5 },
  ];
  const pcCount = large ? 20 : 2;
  const computers: Computer[] = Array.from({ length: pcCount }, (_, n) => ({
    id: `pc${n + 1}`,
    inspectionId: id,
    roomId: 'of',
    assetTag: `ZC-2024-${String(n + 1).padStart(3, '0')}`,
    user: PEOPLE[n % PEOPLE.length]!,
    location: `${Math.floor(n / 4) + 1}号工位区`,
    classified: n % 7 === 3,
    order: n + 1,
  }));
  const answers: Answer[] = [];
  const findings: Finding[] = [];
  const photos: Photo[] = [];
  const blobs: InspectionFile['blobs'] = {};
  const addBlob = async (bytes: Uint8Array, type: string) => {
    const sha256 = await sha256Hex(bytes);
    blobs[sha256] = { type, base64: Buffer.from(bytes).toString('base64') };
    return sha256;
  };
  const wanted = large ? 130 : 24;
  const results: Result[] = ['pass', 'pass', 'pass', 'fail', 'pass', 'partial', 'pass', 'na'];
  let n = 0;
  for (const room of rooms)
    for (const w of roomWalk(template, room, computers)) {
      if (n >= wanted) break;
      const result = w.item.answer === 'result' ? results[n % results.length] : undefined;
      const value =
        w.item.answer === 'number'
          ? 20 + (n % 9)
          : w.item.answer === 'date'
            ? '2026-10-15'
            : w.item.answer === 'text'
              ? '门户网站、微信公众号“清风某县”'
              : w.item.answer === 'choice'
                ? w.item.options?.[0]?.id
                : undefined;
      answers.push({
        id: w.key,
        inspectionId: id,
        ...w.place,
        ...(result ? { result } : {}),
        ...(value !== undefined ? { value } : {}),
        ...(n % 4 === 1 ? { note: NOTES[n % NOTES.length]! } : {}),
        updatedAt: 1_790_000_000_000 + n,
      });
      if (result === 'fail' || result === 'partial')
        findings.push({
          id: w.key,
          inspectionId: id,
          ...w.place,
          problem: `${w.item.text.zh.slice(0, 18)}未落实，现场发现问题（第${findings.length + 1}处）`,
          rectification: {
            measure: '立即整改，完善制度并指定专人定期复查，整改完成后报信息化办公室备案。',
            owner: PEOPLE[findings.length % PEOPLE.length]!,
            deadline: '2026-12-30',
          },
          updatedAt: 1_790_000_000_000 + n,
        });
      n++;
    }
  const photoCount = large ? 30 : 2;
  for (let p = 0; p < photoCount; p++) {
    const target =
      p % 2 === 0 && findings[p % findings.length]
        ? findings[p % findings.length]!
        : answers[(p * 7) % answers.length]!;
    const sha256 = await addBlob(photoBytes(p + 1), 'image/jpeg');
    photos.push({
      id: `ph${p + 1}`,
      inspectionId: id,
      roomId: target.roomId,
      ...(target.computerId ? { computerId: target.computerId } : {}),
      itemId: target.itemId,
      attachedTo: 'item',
      sha256,
      bytes: Buffer.from(blobs[sha256]!.base64, 'base64').length,
      width: 1200,
      height: 900,
      mime: 'image/jpeg',
      capturedAt: 1_790_000_000_000 + p * 60_000,
      createdAt: 1_790_000_000_000 + p * 60_000,
      caption: `现场照片${p + 1}：${NOTES[p % NOTES.length]}`,
    });
  }
  // Signatures are over the real content digest, as the app stores them.
  const digest = await contentDigest({
    inspection: { ...inspectionOf(id, large), template: { id: template.id, version: template.version } },
    rooms,
    computers,
    answers,
    findings,
    photos,
  });
  const signatures: Signature[] = [];
  for (const [s, role, name, title] of [
    [0, 'inspector', '王堃', '信息中心主任'],
    [1, 'representative', '李喆', '办公室主任'],
  ] as const) {
    signatures.push({
      id: `sig${s}`,
      inspectionId: id,
      role,
      name,
      title,
      signedAt: 1_790_000_500_000 + s * 60_000,
      digest,
      pngSha256: await addBlob(signatureBytes(s), 'image/png'),
    });
  }
  return {
    format: INSPECTION_FILE_FORMAT,
    inspection: { ...inspectionOf(id, large), template: { id: template.id, version: template.version } },
    template,
    rooms,
    computers,
    answers,
    findings,
    photos,
    signatures,
    blobs,
  };
}

for (const size of ['small', 'large'] as const) {
  const file = await build(size);
  const out = `test/fixtures/record-${size}.json`;
  writeFileSync(out, JSON.stringify(file));
  console.log(`${out}: ${file.answers.length} answers, ${file.findings.length} findings, ${file.photos.length} photos`);
}

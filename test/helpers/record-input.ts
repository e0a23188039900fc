import type { Photo, Signature } from '../../src/shared/evidence';
import type { Answer, Finding } from '../../src/shared/inspection';
import type { RecordInput } from '../../src/report/model/record-model';
import { sampleInspection } from './inspection';
import { smallTemplate } from './template';

/** A small visit: a machine room with a failed item, an office with one classified PC. */
export function sampleRecordInput(): RecordInput {
  const answers: Answer[] = [
    {
      id: 'mr/-/mr-a',
      inspectionId: 'i1',
      roomId: 'mr',
      itemId: 'mr-a',
      result: 'fail',
      note: '门禁损坏',
      updatedAt: 1,
    },
    { id: 'mr/-/mr-temp', inspectionId: 'i1', roomId: 'mr', itemId: 'mr-temp', value: 24, updatedAt: 1 },
    { id: 'of/-/of-a', inspectionId: 'i1', roomId: 'of', itemId: 'of-a', result: 'pass', updatedAt: 1 },
    {
      id: 'of/pc1/pc-a',
      inspectionId: 'i1',
      roomId: 'of',
      computerId: 'pc1',
      itemId: 'pc-a',
      result: 'partial',
      updatedAt: 1,
    },
    { id: 'org/-/org-a', inspectionId: 'i1', roomId: 'org', itemId: 'org-a', result: 'na', updatedAt: 1 },
  ];
  const findings: Finding[] = [
    {
      id: 'mr/-/mr-a',
      inspectionId: 'i1',
      roomId: 'mr',
      itemId: 'mr-a',
      problem: '机房门禁失效，无进出登记',
      rectification: { measure: '维修门禁并恢复登记', owner: '王堃', deadline: '2026-12-30' },
      updatedAt: 1,
    },
  ];
  const photo = (id: string, roomId: string, itemId: string, computerId?: string): Photo => ({
    id,
    inspectionId: 'i1',
    roomId,
    ...(computerId ? { computerId } : {}),
    itemId,
    attachedTo: 'item',
    sha256: id.padEnd(64, '0'),
    bytes: 1000,
    width: 1600,
    height: 1200,
    mime: 'image/jpeg',
    capturedAt: 1,
    createdAt: 1,
    caption: `照片${id}`,
  });
  const signatures: Signature[] = [
    {
      id: 's1',
      inspectionId: 'i1',
      role: 'inspector',
      name: '王堃',
      title: '',
      signedAt: 2,
      digest: 'd'.repeat(64),
      pngSha256: 'e'.repeat(64),
    },
    {
      id: 's0',
      inspectionId: 'i1',
      role: 'representative',
      name: '旧签字',
      title: '',
      signedAt: 1,
      digest: 'd'.repeat(64),
      pngSha256: 'e'.repeat(64),
      voidedAt: 3,
    },
  ];
  return {
    inspection: sampleInspection(),
    template: smallTemplate(),
    rooms: [
      { id: 'mr', inspectionId: 'i1', kind: 'machine-room', name: '一楼机房', order: 1 },
      { id: 'of', inspectionId: 'i1', kind: 'office', name: '立案庭', order: 2 },
      { id: 'org', inspectionId: 'i1', kind: 'organisation', name: '组织领导', order: 3 },
      { id: 'gone', inspectionId: 'i1', kind: 'archive-room', name: '已移除', order: 4, removedAt: 5 },
    ],
    computers: [
      {
        id: 'pc1',
        inspectionId: 'i1',
        roomId: 'of',
        assetTag: 'PC-001',
        user: '张三',
        location: '窗口',
        classified: true,
        order: 1,
      },
    ],
    answers: new Map(answers.map((a) => [a.id, a])),
    findings: new Map(findings.map((f) => [f.id, f])),
    photos: [photo('p1', 'mr', 'mr-a'), photo('p2', 'of', 'of-a')],
    signatures,
    digest: 'abcdef12'.padEnd(64, '9'),
  };
}

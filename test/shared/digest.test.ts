import { describe, expect, it } from 'vitest';
import { canonicalJson, contentDigest, type DigestInput } from '../../src/shared/digest';
import { isLocked, sha256Hex, type Photo, type Signature } from '../../src/shared/evidence';
import { sampleInspection } from '../helpers/inspection';

function sample(): DigestInput {
  const photo: Photo = {
    id: 'p1',
    inspectionId: 'i1',
    roomId: 'r1',
    itemId: 'mr-a',
    attachedTo: 'finding',
    sha256: 'a'.repeat(64),
    bytes: 1000,
    width: 1600,
    height: 1200,
    mime: 'image/jpeg',
    capturedAt: 1,
    createdAt: 2,
    caption: '无UPS',
  };
  return {
    inspection: sampleInspection({ template: { id: 'general', version: 1 }, updatedAt: 2 }),
    rooms: [
      { id: 'r1', inspectionId: 'i1', kind: 'machine-room', name: '机房', order: 1 },
      { id: 'r2', inspectionId: 'i1', kind: 'office', name: '办公室', order: 2 },
    ],
    computers: [
      {
        id: 'c1',
        inspectionId: 'i1',
        roomId: 'r2',
        assetTag: 'PC-1',
        user: '张三',
        location: '',
        classified: false,
        order: 1,
      },
    ],
    answers: [
      { id: 'r1/-/mr-a', inspectionId: 'i1', roomId: 'r1', itemId: 'mr-a', result: 'fail', updatedAt: 5 },
      {
        id: 'r2/c1/pc-a',
        inspectionId: 'i1',
        roomId: 'r2',
        computerId: 'c1',
        itemId: 'pc-a',
        result: 'pass',
        updatedAt: 6,
      },
    ],
    findings: [
      {
        id: 'r1/-/mr-a',
        inspectionId: 'i1',
        roomId: 'r1',
        itemId: 'mr-a',
        problem: '无UPS',
        rectification: { measure: '购置', owner: '张三', deadline: '2026-12-30' },
        updatedAt: 7,
      },
    ],
    photos: [photo],
  };
}

describe('content digest', () => {
  it('is the same for the same content, whatever the order of records or keys and the timestamps', async () => {
    const a = sample();
    const b = sample();
    b.rooms = [...b.rooms].reverse();
    b.answers = [...b.answers].reverse().map((x) => ({ ...x, updatedAt: 999 }));
    b.inspection = { ...b.inspection, updatedAt: 12345, position: { roomId: 'r2' } };
    expect(await contentDigest(a)).toBe(await contentDigest(b));
    expect(await contentDigest(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  const changes: [string, (d: DigestInput) => void][] = [
    ['a result', (d) => void ((d.answers as unknown as { result?: string }[])[1]!.result = 'na')],
    ['a note', (d) => void ((d.answers as unknown as { note?: string }[])[0]!.note = '补记')],
    [
      'a finding deadline',
      (d) =>
        void ((d.findings as unknown as { rectification: { deadline: string } }[])[0]!.rectification.deadline =
          '2027-01-01'),
    ],
    ['a photo’s bytes', (d) => void ((d.photos as unknown as Photo[])[0]!.sha256 = 'b'.repeat(64))],
    ['a caption', (d) => void ((d.photos as unknown as Photo[])[0]!.caption = '')],
    ['the unit', (d) => void (d.inspection.unit = '某县人民检察院')],
    ['a computer flag', (d) => void ((d.computers as unknown as { classified: boolean }[])[0]!.classified = true)],
    ['a room removed', (d) => void ((d.rooms as unknown as { removedAt?: number }[])[1]!.removedAt = 1)],
  ];
  for (const [what, change] of changes)
    it(`changes when ${what} changes`, async () => {
      const changed = sample();
      change(changed);
      expect(await contentDigest(changed)).not.toBe(await contentDigest(sample()));
    });

  it('ignores a finding whose item is no longer failed (it is not in the record)', async () => {
    const d = sample();
    (d.answers as unknown as { result?: string }[])[0]!.result = 'pass';
    const withoutFinding = { ...d, findings: [] };
    expect(await contentDigest(d)).toBe(await contentDigest(withoutFinding));
  });

  it('serialises canonically', () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: '检' }] })).toBe('{"a":[{"c":"检"}],"b":1}');
  });

  it('hashes with SHA-256', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('lock rules', () => {
  const sig = (voidedAt?: number): Signature => ({
    id: 's',
    inspectionId: 'i1',
    role: 'inspector',
    name: '王堃',
    title: '',
    signedAt: 1,
    digest: 'a'.repeat(64),
    pngSha256: 'b'.repeat(64),
    ...(voidedAt ? { voidedAt } : {}),
  });
  it('locks from the first valid signature, and a reopening (voided signatures) unlocks', () => {
    expect(isLocked([])).toBe(false);
    expect(isLocked([sig()])).toBe(true);
    expect(isLocked([sig(5)])).toBe(false);
    expect(isLocked([sig(5), sig()])).toBe(true);
  });
});

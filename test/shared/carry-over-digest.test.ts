import { describe, expect, it } from 'vitest';
import { contentDigest, digestContent, type DigestInput } from '../../src/shared/digest';
import type { Answer } from '../../src/shared/inspection';
import { sampleInspection } from '../helpers/inspection';

const answer: Answer = {
  id: 'r2/c2/pc-a',
  inspectionId: 'i1',
  roomId: 'r2',
  computerId: 'c2',
  itemId: 'pc-a',
  result: 'pass',
  updatedAt: 6,
};

function input(answers: Answer[]): DigestInput {
  const pc = (id: string, order: number) => ({
    id,
    inspectionId: 'i1',
    roomId: 'r2',
    assetTag: '',
    user: '',
    location: '',
    classified: false,
    order,
  });
  return {
    inspection: sampleInspection(),
    rooms: [{ id: 'r2', inspectionId: 'i1', kind: 'office', name: '办公室', order: 1 }],
    computers: [pc('c1', 1), pc('c2', 2)],
    answers,
    findings: [],
    photos: [],
  };
}

describe('the digest of a carried answer', () => {
  it('covers where it came from: a copy signs differently from a check', async () => {
    const checked = await contentDigest(input([answer]));
    const carried = await contentDigest(input([{ ...answer, carriedFrom: 'c1' }]));
    expect(carried).not.toBe(checked);
    expect(digestContent(input([{ ...answer, carriedFrom: 'c1' }]))).toContain('"carriedFrom":"c1"');
  });

  it('leaves the digest of answers that were not carried as it was', () => {
    expect(digestContent(input([answer]))).toContain('{"id":"r2/c2/pc-a","result":"pass"}');
  });
});

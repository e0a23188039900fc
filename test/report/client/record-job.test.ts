// The page's record job: the images the record shows, read through the loader, and the
// list of their buffers that the worker is given (transferred, not copied).
import { describe, expect, it } from 'vitest';
import { toDraftJob, toRecordJob } from '../../../src/report/client/record-job';
import { sampleRecordInput } from '../../helpers/record-input';

/** The start of a PNG: enough for imageSize (signature, IHDR width and height). */
function png(width: number, height: number): ArrayBuffer {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes.buffer;
}

describe('toRecordJob', () => {
  it('carries the images the record shows and lists each of their buffers once for transfer', async () => {
    const input = sampleRecordInput();
    const asked: string[] = [];
    const stored = new Map<string, ArrayBuffer>();
    const prepared = await toRecordJob(input, {
      marking: '内部资料',
      loadBytes: async (sha256) => {
        asked.push(sha256);
        // p2's bytes are not stored (yet); everything else is a PNG.
        if (sha256.startsWith('p2')) return undefined;
        const data = png(40, 30);
        stored.set(sha256, data);
        return { data, type: 'image/png' };
      },
    });
    const { job, transfer } = prepared;
    if (job.kind !== 'record') throw new Error('not a record job');
    expect(job.marking).toBe('内部资料');
    expect(job.model.title).toBe(`${input.inspection.unit}网络安全检查记录`);
    // The finding's photo, the appendix photo and the (one valid) signature, each asked once.
    const p1 = 'p1'.padEnd(64, '0');
    const signature = 'e'.repeat(64);
    expect(asked.sort()).toEqual([p1, 'p2'.padEnd(64, '0'), signature].sort());
    expect(Object.keys(job.images).sort()).toEqual([p1, signature].sort());
    expect(job.images[p1]).toMatchObject({ type: 'image/png', width: 40, height: 30 });
    expect(job.images[p1]!.bytes.buffer).toBe(stored.get(p1));
    expect(transfer).toHaveLength(2);
    expect(new Set(transfer)).toEqual(new Set([stored.get(p1), stored.get(signature)]));
  });

  it('leaves out bytes that are no picture it can size', async () => {
    const { job, transfer } = await toRecordJob(sampleRecordInput(), {
      marking: '',
      loadBytes: async () => ({ data: new ArrayBuffer(4), type: 'image/jpeg' }),
    });
    expect(job.kind === 'record' && Object.keys(job.images)).toEqual([]);
    expect(transfer).toEqual([]);
  });
});

describe('toDraftJob', () => {
  it('is the sections with the header and document id, and moves nothing', () => {
    const sections = [{ id: 'title' as const, text: '某单位网络安全自查报告' }];
    const { job, transfer } = toDraftJob(
      { unit: '某单位', date: '2026-11-24' },
      'abcdef12'.padEnd(64, '0'),
      sections,
      '',
    );
    expect(job).toEqual({
      kind: 'draft',
      sections,
      header: '某单位 · 2026-11-24',
      documentId: 'XJ-20261124-ABCDEF12',
      marking: '',
    });
    expect(transfer).toEqual([]);
  });
});

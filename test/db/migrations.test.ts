import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db';
import { LATEST_VERSION, SCHEMA_VERSIONS } from '../../src/db/migrations';
import type { Answer } from '../../src/shared/inspection';
import { freshDatabase } from '../helpers/db';
import { sampleInspection } from '../helpers/inspection';
import { smallTemplate } from '../helpers/template';

const inspection = sampleInspection();
const answer: Answer = {
  id: 'r1/-/mr-a',
  inspectionId: 'i1',
  roomId: 'r1',
  itemId: 'mr-a',
  result: 'fail',
  note: '无UPS',
  updatedAt: 2,
};

/** A row for every table a version may have, so each upgrade carries real data. */
const LATER_ROWS: Record<string, { key: string; row: unknown }> = {
  photos: {
    key: 'p1',
    row: {
      id: 'p1',
      inspectionId: 'i1',
      roomId: 'r1',
      itemId: 'mr-a',
      attachedTo: 'finding',
      sha256: 'a'.repeat(64),
      bytes: 3,
      width: 1600,
      height: 1200,
      mime: 'image/jpeg',
      capturedAt: 1,
      createdAt: 2,
      caption: '无UPS',
    },
  },
  blobs: {
    key: 'a'.repeat(64),
    row: { sha256: 'a'.repeat(64), data: new Uint8Array([1, 2, 3]).buffer, type: 'image/jpeg' },
  },
  signatures: {
    key: 's1',
    row: {
      id: 's1',
      inspectionId: 'i1',
      role: 'inspector',
      name: '王堃',
      title: '',
      signedAt: 3,
      digest: 'b'.repeat(64),
      pngSha256: 'c'.repeat(64),
    },
  },
  drafts: { key: 'i1', row: { inspectionId: 'i1', sections: { basic: '改写' }, updatedAt: 4 } },
};

describe('schema versions', () => {
  it('are numbered 1..N without gaps', () => {
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual(SCHEMA_VERSIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(SCHEMA_VERSIONS.length);
  });

  for (const { version } of SCHEMA_VERSIONS.slice(0, -1)) {
    it(`data written by version ${version} opens under version ${version + 1}`, async () => {
      const { db: old, name } = freshDatabase(version);
      await old.open();
      expect(old.verno).toBe(version);
      await old.inspections.add(inspection);
      await old.rooms.add({ id: 'r1', inspectionId: 'i1', kind: 'machine-room', name: '一楼机房', order: 1 });
      await old.answers.add(answer);
      await old.templates.add(smallTemplate());
      const present = old.tables.map((t) => t.name).filter((t) => t in LATER_ROWS);
      for (const table of present) await old.table(table).add(LATER_ROWS[table]!.row);
      old.close();

      const next = createDatabase(name, version + 1);
      await next.open();
      expect(next.verno).toBe(version + 1);
      expect(await next.inspections.get('i1')).toEqual(inspection);
      expect(await next.answers.get(answer.id)).toEqual(answer);
      expect((await next.templates.get(['small', 1]))?.sections.length).toBe(4);
      // the index version 2 added answers this room's query
      expect(await next.answers.where('[inspectionId+roomId]').equals(['i1', 'r1']).count()).toBe(1);
      for (const table of present)
        expect(await next.table(table).get(LATER_ROWS[table]!.key), table).toEqual(LATER_ROWS[table]!.row);
      next.close();
    });
  }

  it('version 5 puts what was recorded before sync into the outbox, parents first, and its bytes into uploads', async () => {
    const { db: old, name } = freshDatabase(4);
    await old.open();
    await old.inspections.add({ ...inspection, position: { roomId: 'r1' } });
    await old.rooms.add({ id: 'r1', inspectionId: 'i1', kind: 'machine-room', name: '一楼机房', order: 1 });
    await old.answers.add(answer);
    for (const table of ['photos', 'blobs', 'signatures']) await old.table(table).add(LATER_ROWS[table]!.row);
    await old.table('signatures').add({ ...(LATER_ROWS.signatures!.row as object), id: 's0', voidedAt: 2 });
    old.close();

    const next = createDatabase(name, 5);
    await next.open();
    const entries = await next.outbox.orderBy('id').toArray();
    expect(entries.map((e) => e.key)).toEqual([
      'inspection:i1',
      'room:r1',
      'answer:r1/-/mr-a',
      'photo:p1',
      'signature:s1',
    ]);
    expect(entries.every((e) => e.inspectionId === 'i1' && e.seq === undefined)).toBe(true);
    // The resume position is the device's own: it is not sent.
    expect(entries[0]!.mutation).toEqual({ kind: 'inspection', record: inspection });
    expect(await next.uploads.toArray()).toEqual([{ sha256: 'a'.repeat(64), type: 'image/jpeg', bytes: 3 }]);
    next.close();
  });

  it('version 7 records whose data a signed-in phone holds, and counts every answer and finding as written here', async () => {
    const { db: old, name } = freshDatabase(6);
    await old.open();
    const account = {
      token: 't',
      deviceId: 'd1',
      user: { id: 1, name: '王堃' },
      organisation: { id: 1, name: '网信办' },
    };
    await old.settings.put({ key: 'sync.account', value: account });
    await old.answers.add(answer);
    old.close();

    const next = createDatabase(name, 7);
    await next.open();
    expect((await next.settings.get('sync.owner'))?.value).toEqual({
      user: account.user,
      organisation: account.organisation,
      deviceId: 'd1',
      deviceIds: ['d1'],
    });
    expect(await next.authored.toArray()).toEqual([{ key: `answer:${answer.id}` }]);
    next.close();
  });
});

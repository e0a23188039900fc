import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db';
import { LATEST_VERSION, SCHEMA_VERSIONS } from '../../src/db/migrations';
import type { Answer, Inspection } from '../../src/shared/inspection';
import { freshDatabase } from '../helpers/db';
import { smallTemplate } from '../helpers/template';

const inspection: Inspection = {
  id: 'i1',
  unit: '某县人民法院',
  address: '',
  date: '2026-11-20',
  basis: '〔2026〕3号',
  inspectors: ['王堃'],
  representative: { name: '李喆', title: '办公室主任' },
  template: { id: 'small', version: 1 },
  createdAt: 1,
  updatedAt: 1,
};
const answer: Answer = {
  id: 'r1/-/mr-a',
  inspectionId: 'i1',
  roomId: 'r1',
  itemId: 'mr-a',
  result: 'fail',
  note: '无UPS',
  updatedAt: 2,
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
      old.close();

      const next = createDatabase(name, version + 1);
      await next.open();
      expect(next.verno).toBe(version + 1);
      expect(await next.inspections.get('i1')).toEqual(inspection);
      expect(await next.answers.get(answer.id)).toEqual(answer);
      expect((await next.templates.get(['small', 1]))?.sections.length).toBe(4);
      // the index version 2 added answers this room's query
      expect(await next.answers.where('[inspectionId+roomId]').equals(['i1', 'r1']).count()).toBe(1);
      next.close();
    });
  }
});

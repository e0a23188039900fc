import { beforeEach, describe, expect, it } from 'vitest';
import { getDraftEdits, getDraftVoice, resetDraft, saveDraftEdit, saveDraftVoice, type XunjianDB } from '../../src/db';
import { freshDatabase } from '../helpers/db';

let db: XunjianDB;
beforeEach(() => {
  db = freshDatabase().db;
});

describe('the drafted report’s voice', () => {
  it('is kept with the edits, and outlives both a section edit and a reset', async () => {
    expect(await getDraftVoice('i1')).toBeUndefined();
    await saveDraftEdit('i1', 'basic', '改写的基本情况');
    await saveDraftVoice('i1', 'office');
    await saveDraftEdit('i1', 'checks', '改写的检查情况');
    expect(await getDraftVoice('i1')).toBe('office');
    expect(await getDraftEdits('i1')).toEqual({ basic: '改写的基本情况', checks: '改写的检查情况' });

    await resetDraft('i1');
    expect(await getDraftEdits('i1')).toEqual({});
    expect(await getDraftVoice('i1')).toBe('office');
  });

  it('goes back to the default when cleared, and a reset then leaves nothing behind', async () => {
    await saveDraftVoice('i1', 'self');
    await saveDraftVoice('i1', undefined);
    expect(await getDraftVoice('i1')).toBeUndefined();
    await resetDraft('i1');
    expect(await db.drafts.count()).toBe(0);
  });
});

import { database, write } from './connection';
import type { DraftEdits } from './database';

export type { DraftEdits };
export type DraftVoice = NonNullable<DraftEdits['voice']>;

export async function getDraftEdits(inspectionId: string): Promise<Record<string, string>> {
  return (await database().drafts.get(inspectionId))?.sections ?? {};
}

/** The voice the inspector chose for the drafted report (undefined: not chosen, the default applies). */
export async function getDraftVoice(inspectionId: string): Promise<DraftVoice | undefined> {
  return (await database().drafts.get(inspectionId))?.voice;
}

/**
 * Keep the inspector's text for one section of the drafted report (undefined: go back to
 * the generated text). The draft is not the signed record, so it stays editable after signing.
 */
export async function saveDraftEdit(inspectionId: string, sectionId: string, text: string | undefined): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.drafts, async () => {
      const row = await db.drafts.get(inspectionId);
      const sections = { ...row?.sections };
      if (text === undefined) delete sections[sectionId];
      else sections[sectionId] = text;
      await db.drafts.put({ ...row, inspectionId, sections, updatedAt: Date.now() });
    }),
  );
}

/** Keep who the report speaks as (undefined: back to the default for this phone). */
export async function saveDraftVoice(inspectionId: string, voice: DraftVoice | undefined): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.drafts, async () => {
      const { voice: _old, ...row } = (await db.drafts.get(inspectionId)) ?? { inspectionId, sections: {} };
      await db.drafts.put({ ...row, ...(voice ? { voice } : {}), updatedAt: Date.now() });
    }),
  );
}

/** Forget every edit: the whole draft follows the data again, in the voice the inspector chose. */
export async function resetDraft(inspectionId: string): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.drafts, async () => {
      const voice = (await db.drafts.get(inspectionId))?.voice;
      if (voice) await db.drafts.put({ inspectionId, sections: {}, voice, updatedAt: Date.now() });
      else await db.drafts.delete(inspectionId);
    }),
  );
}

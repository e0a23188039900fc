import { database, write } from './connection';
import type { DraftEdits } from './database';

export type { DraftEdits };

export async function getDraftEdits(inspectionId: string): Promise<Record<string, string>> {
  return (await database().drafts.get(inspectionId))?.sections ?? {};
}

/**
 * Keep the inspector's text for one section of the drafted report (undefined: go back to
 * the generated text). The draft is not the signed record, so it stays editable after signing.
 */
export async function saveDraftEdit(inspectionId: string, sectionId: string, text: string | undefined): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.drafts, async () => {
      const sections = { ...(await db.drafts.get(inspectionId))?.sections };
      if (text === undefined) delete sections[sectionId];
      else sections[sectionId] = text;
      await db.drafts.put({ inspectionId, sections, updatedAt: Date.now() });
    }),
  );
}

/** Forget every edit: the whole draft follows the data again. */
export async function resetDraft(inspectionId: string): Promise<void> {
  await write((db) => db.drafts.delete(inspectionId));
}

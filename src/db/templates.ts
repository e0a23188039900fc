import type { ChecklistTemplate } from '../shared/checklist';
import { database, write } from './connection';

/**
 * Keep a snapshot of every template version the app has seen. Inspections refer to
 * `[id+version]`, so they keep rendering after the shipped template changes.
 */
export async function storeTemplates(templates: readonly ChecklistTemplate[]): Promise<void> {
  await write((db) =>
    db.transaction('rw', db.templates, async () => {
      for (const tpl of templates) {
        const existing = await db.templates.get([tpl.id, tpl.version]);
        if (!existing) await db.templates.add(tpl);
      }
    }),
  );
}

export function getTemplate(id: string, version: number): Promise<ChecklistTemplate | undefined> {
  return database().templates.get([id, version]);
}

/** The newest version of each template, for starting a new inspection. */
export async function latestTemplates(): Promise<ChecklistTemplate[]> {
  const all = await database().templates.toArray();
  const newest = new Map<string, ChecklistTemplate>();
  for (const tpl of all) {
    const seen = newest.get(tpl.id);
    if (!seen || seen.version < tpl.version) newest.set(tpl.id, tpl);
  }
  return [...newest.values()];
}

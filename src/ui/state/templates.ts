import { storeTemplates } from '../../db/templates';
import type { ChecklistTemplate } from '../../shared/checklist';
import type { TemplateIndexEntry } from '../../shared/template-index';

/**
 * Fetch the templates the build shipped (precached by the service worker, so this
 * works offline), validate them, and keep a snapshot of each version in IndexedDB.
 * Returns the problems found; a bad file is skipped, never half-stored.
 */
export function refreshTemplates(): Promise<string[]> {
  // Once per page load: templates change only with a deployment, which reloads the page.
  // Anything wrong (offline before the first visit finished, a bad file): try again next time.
  refreshed ??= fetchAndStore()
    .catch((err: unknown) => [String(err)])
    .then((errors) => {
      if (errors.length > 0) refreshed = undefined;
      return errors;
    });
  return refreshed;
}

let refreshed: Promise<string[]> | undefined;

async function fetchAndStore(): Promise<string[]> {
  // zod is only needed here; keep it out of the first paint.
  const { validateTemplate } = await import('../../shared/checklist-validate');
  const res = await fetch('/checklists/index.json');
  if (!res.ok) return [`checklists/index.json: HTTP ${res.status}`];
  const index = (await res.json()) as TemplateIndexEntry[];
  const good: ChecklistTemplate[] = [];
  const errors: string[] = [];
  for (const entry of index) {
    try {
      const r = await fetch(`/${entry.path}`);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const result = validateTemplate(entry.path, await r.json());
      if (result.ok) good.push(result.template);
      else errors.push(...result.errors);
    } catch (err) {
      errors.push(`${entry.path}: ${(err as Error).message}`);
    }
  }
  if (good.length > 0) await storeTemplates(good);
  return errors;
}

import type { LocalizedText } from './checklist';

/** One line of `checklists/index.json`, the list of templates the build shipped. */
export interface TemplateIndexEntry {
  id: string;
  version: number;
  title: LocalizedText;
  path: string;
}

export function templateAssetPath(tpl: { id: string; version: number }): string {
  return `checklists/${tpl.id}-v${tpl.version}.json`;
}

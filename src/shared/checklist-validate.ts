import type { z } from 'zod';
import type { ChecklistTemplate } from './checklist';
import { ChecklistTemplate as TemplateSchema } from './checklist.schema.ts';

export type ValidationResult = { ok: true; template: ChecklistTemplate } | { ok: false; errors: string[] };

/** `['sections', 2, 'items', 5, 'answer']` → `sections[2].items[5].answer`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** One line per problem: `FILE: PATH: REASON`, the shape a user can act on. */
export function formatIssues(source: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${source}: ${formatPath(issue.path)}: ${issue.message}`);
}

/** Validate already-parsed template data (JSON from the network, or parsed YAML). */
export function validateTemplate(source: string, data: unknown): ValidationResult {
  const parsed = TemplateSchema.safeParse(data);
  if (parsed.success) return { ok: true, template: parsed.data };
  return { ok: false, errors: formatIssues(source, parsed.error.issues) };
}

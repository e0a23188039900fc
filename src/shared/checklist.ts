// Checklist template vocabulary and helpers, free of zod so the app shell stays
// small. The zod schema that validates template files is in checklist.schema.ts.
import type { z } from 'zod';
import type * as schema from './checklist.schema';

/**
 * Where a section is walked. Physical rooms are added by the inspector; `computer`
 * sections repeat once per PC inside an office; the rest are unit-wide sections
 * that every seed report has.
 */
export const ROOM_KINDS = [
  'machine-room',
  'archive-room',
  'office',
  'computer',
  'organisation',
  'policies',
  'mlps',
  'public-services',
  'emergency',
  'training',
] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];
export type VisitKind = Exclude<RoomKind, 'computer'>;

/** Kinds an inspector can add as a room (computers live inside offices). */
export const VISIT_KINDS = ROOM_KINDS.filter((k): k is VisitKind => k !== 'computer');
export const UNIT_WIDE_KINDS: readonly VisitKind[] = [
  'organisation',
  'policies',
  'mlps',
  'public-services',
  'emergency',
  'training',
];

/** The GB/T 22239-2019 (等保2.0) families an item maps to. */
export const FAMILIES = [
  'physical-environment',
  'communication-network',
  'area-boundary',
  'computing-environment',
  'management-center',
  'management-policy',
  'management-organisation',
  'management-personnel',
  'construction-management',
  'operation-management',
] as const;

export const SEVERITIES = ['high', 'medium', 'low'] as const;

/** `result` is the one-tap 符合/不符合/部分符合/不适用; the others record a value. */
export const ANSWER_KINDS = ['result', 'number', 'date', 'text', 'choice'] as const;

export type LocalizedText = z.infer<typeof schema.LocalizedText>;
export type ChecklistItem = z.infer<typeof schema.ChecklistItem>;
export type ChecklistSection = z.infer<typeof schema.ChecklistSection>;
export type ChecklistTemplate = z.infer<typeof schema.ChecklistTemplate>;
export type ChecklistTemplateInput = z.input<typeof schema.ChecklistTemplate>;

/** Sections of a template that apply to rooms of `kind`. */
export function sectionsFor(tpl: ChecklistTemplate, kind: RoomKind): ChecklistSection[] {
  return tpl.sections.filter((s) => s.room === kind);
}

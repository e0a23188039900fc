// Records of one visit and the rules every part of the app shares. Types come from
// the zod schemas in inspection.schema.ts (used where data crosses a boundary);
// this module stays free of zod so the app shell stays small.
import type { z } from 'zod';
import type * as schema from './inspection.schema';

/** The one-tap result of an item. A value answer may carry one too. */
export const RESULTS = ['pass', 'fail', 'partial', 'na'] as const;
export type Result = (typeof RESULTS)[number];

export type Position = z.infer<typeof schema.Position>;
export type Inspection = z.infer<typeof schema.Inspection>;
export type RoomVisit = z.infer<typeof schema.RoomVisit>;
export type Computer = z.infer<typeof schema.Computer>;
export type Answer = z.infer<typeof schema.Answer>;
export type Rectification = z.infer<typeof schema.Rectification>;
export type Finding = z.infer<typeof schema.Finding>;
export type Review = z.infer<typeof schema.Review>;

/** Where an item is answered: a room, and a computer for per-PC items. */
export interface ItemPlace {
  roomId: string;
  computerId?: string;
  itemId: string;
}

/** Stable key of an item in a place; answers and findings are stored under it. */
export function itemKey(place: ItemPlace): string {
  return `${place.roomId}/${place.computerId ?? '-'}/${place.itemId}`;
}

/** A finding opens for these results. */
export function needsFinding(result: Result | undefined): boolean {
  return result === 'fail' || result === 'partial';
}

/** A finding is complete when every field a record needs is filled in. */
export function isFindingComplete(f: Pick<Finding, 'problem' | 'rectification'> | undefined): boolean {
  if (!f) return false;
  const r = f.rectification;
  return [f.problem, r.measure, r.owner, r.deadline].every((s) => s.trim().length > 0);
}

/** An item counts as answered once it has a result or a recorded value. */
export function isAnswered(a: Pick<Answer, 'result' | 'value'> | undefined): boolean {
  if (!a) return false;
  if (a.result) return true;
  return a.value !== undefined && String(a.value).trim() !== '';
}

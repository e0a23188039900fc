// Whether the server would take what a signature covers, checked on the phone with the
// server's own schemas before anyone signs: a signature over content the server refuses
// (a note over its limit, say) could never be proven there, and would be voided.
import type { DigestInput } from './digest';
import { Photo } from './evidence.schema';
import { Answer, Computer, Finding, Inspection, RoomVisit } from './inspection.schema';
import { describeIssues } from './issues';
import { refuseNul } from './no-nul';
import type { z } from './zod';

/** The record schemas as the push checks them (src/shared/sync-protocol.ts Mutation): with the NUL rule. */
const CHECKED = {
  inspection: Inspection.superRefine(refuseNul),
  room: RoomVisit.superRefine(refuseNul),
  computer: Computer.superRefine(refuseNul),
  answer: Answer.superRefine(refuseNul),
  finding: Finding.superRefine(refuseNul),
  photo: Photo.superRefine(refuseNul),
};

/** The first reason the server would refuse part of this content, or undefined. */
export function contentProblem(content: DigestInput): string | undefined {
  // Where the inspector stood is this device's, never sent (src/db/outbox.ts).
  const inspection = { ...content.inspection };
  delete inspection.position;
  const parts: [string, z.ZodType, Iterable<unknown>][] = [
    ['inspection', CHECKED.inspection, [inspection]],
    ['room', CHECKED.room, content.rooms],
    ['computer', CHECKED.computer, content.computers],
    ['answer', CHECKED.answer, content.answers],
    ['finding', CHECKED.finding, content.findings],
    ['photo', CHECKED.photo, content.photos],
  ];
  for (const [kind, schema, records] of parts)
    for (const record of records) {
      const parsed = schema.safeParse(record);
      if (!parsed.success) return describeIssues(parsed.error, kind);
    }
  return undefined;
}

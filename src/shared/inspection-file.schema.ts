// One inspection as a self-contained JSON file: the record and its evidence bytes. Used
// by `npm run record -- --fixture FILE` (tests, support) and meant as the export format.
import { z } from './zod';
import { ChecklistTemplate } from './checklist.schema';
import { Photo, Signature } from './evidence.schema';
import { Answer, Computer, Finding, Inspection, RoomVisit } from './inspection.schema';

export const INSPECTION_FILE_FORMAT = 'xunjian-inspection/1';

export const InspectionFile = z.strictObject({
  format: z.literal(INSPECTION_FILE_FORMAT),
  inspection: Inspection,
  template: ChecklistTemplate,
  rooms: z.array(RoomVisit),
  computers: z.array(Computer),
  answers: z.array(Answer),
  findings: z.array(Finding),
  photos: z.array(Photo),
  signatures: z.array(Signature),
  /** Bytes by SHA-256, base64. */
  blobs: z.record(z.string().regex(/^[0-9a-f]{64}$/), z.strictObject({ type: z.string(), base64: z.string() })),
});
export type InspectionFile = z.infer<typeof InspectionFile>;

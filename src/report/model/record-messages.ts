// What the page and the record worker say to each other (src/report/client builds the
// job, src/report/draw/record.worker.ts answers it). Types only: both runtimes, and
// Node's `npm run record`, read them.
import type { DraftSection } from './draft';
import type { RecordModel } from './record-model';
import type { MissingText } from './record-places';

/** A photo or signature image as the renderer embeds it: its bytes, type and pixel size. */
export interface StoredImage {
  bytes: Uint8Array;
  type: string;
  width: number;
  height: number;
}

/** `marking` heads every page (empty: none). */
export type RecordJob =
  | { kind: 'record'; model: RecordModel; images: Record<string, StoredImage>; marking: string }
  | { kind: 'draft'; sections: DraftSection[]; header: string; documentId: string; marking: string };

export type RecordReply =
  | { kind: 'progress'; step: string; done: number; total: number }
  | { kind: 'done'; pdf: ArrayBuffer; pages: number; missing: MissingText[] }
  | { kind: 'error'; message: string };

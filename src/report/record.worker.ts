/// <reference lib="webworker" />
// Makes the PDFs off the main thread: the UI stays responsive, progress is reported, and
// cancelling is terminating the worker.
import type { DraftSection } from './draft';
import { renderDraft } from './draft-pdf';
import { fetchFontBytes } from './font-urls';
import type { RecordModel } from './record-model';
import type { MissingText } from './record-places';
import { renderRecord, type StoredImage } from './render-record';

/** `marking` heads every page (empty: none). */
export type RecordJob =
  | { kind: 'record'; model: RecordModel; images: Record<string, StoredImage>; marking: string }
  | { kind: 'draft'; sections: DraftSection[]; header: string; documentId: string; marking: string };

export type RecordReply =
  | { kind: 'progress'; step: string; done: number; total: number }
  | { kind: 'done'; pdf: ArrayBuffer; pages: number; missing: MissingText[] }
  | { kind: 'error'; message: string };

const post = (reply: RecordReply, transfer: Transferable[] = []) => self.postMessage(reply, { transfer });

self.addEventListener('message', (event: MessageEvent<RecordJob>) => {
  const job = event.data;
  const work =
    job.kind === 'record'
      ? renderRecord(job.model, {
          loadFontBytes: fetchFontBytes,
          loadImage: async (sha256) => job.images[sha256],
          onProgress: (p) => post({ kind: 'progress', ...p }),
          marking: job.marking,
        })
      : renderDraft(
          job.sections,
          { header: job.header, documentId: job.documentId, marking: job.marking },
          fetchFontBytes,
        );
  work.then(
    (r) => post({ kind: 'done', pdf: r.pdf, pages: r.pages, missing: r.missing }, [r.pdf]),
    (err: unknown) => post({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
});

/// <reference lib="webworker" />
// Makes the PDFs off the main thread: the UI stays responsive, progress is reported, and
// cancelling is terminating the worker (src/report/client/pdf-worker.ts). Every reply
// carries the id of the job it answers (src/ui/worker-bridge.ts); the PDF's bytes are
// transferred, not copied.
import { fetchFontBytes } from '../font-urls';
import type { RecordJob, RecordReply } from '../model/record-messages';
import { renderDraft } from './draft-pdf';
import { renderRecord } from './render-record';

type Tagged<T> = T & { id: number };

const post = (reply: Tagged<RecordReply>, transfer: Transferable[] = []) => self.postMessage(reply, { transfer });

self.addEventListener('message', (event: MessageEvent<Tagged<RecordJob>>) => {
  const job = event.data;
  const { id } = job;
  const work =
    job.kind === 'record'
      ? renderRecord(job.model, {
          loadFontBytes: fetchFontBytes,
          loadImage: async (sha256) => job.images[sha256],
          onProgress: (p) => post({ id, kind: 'progress', ...p }),
          marking: job.marking,
        })
      : renderDraft(
          job.sections,
          { header: job.header, documentId: job.documentId, marking: job.marking },
          fetchFontBytes,
        );
  work.then(
    (r) => post({ id, kind: 'done', pdf: r.pdf, pages: r.pages, missing: r.missing }, [r.pdf]),
    (err: unknown) => post({ id, kind: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
});

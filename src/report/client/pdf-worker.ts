// Starts and cancels the record worker (src/report/draw/record.worker.ts) for one PDF,
// through the worker bridge: the job's bytes are transferred, progress is reported, and
// aborting terminates the worker, so nothing half-written is kept. Each PDF has a worker
// of its own, ended as soon as the PDF is made (it holds megabytes of fonts).
import { WorkerBridge } from '../../ui/worker-bridge';
import type { RecordJob, RecordReply } from '../model/record-messages';
import type { MissingText } from '../model/record-places';
import type { PreparedJob } from './record-job';

export interface PdfProgress {
  step: string;
  done: number;
  total: number;
}

export interface MadePdf {
  pdf: ArrayBuffer;
  pages: number;
  /** Fields with characters no font could print (shown as 〔U+XXXX〕). */
  missing: MissingText[];
}

/** Make the PDF of `prepared` in a record worker; rejects with an AbortError when `signal` aborts. */
export async function makePdf(
  prepared: PreparedJob,
  options: { signal?: AbortSignal; onProgress?: (progress: PdfProgress) => void } = {},
): Promise<MadePdf> {
  const bridge = new WorkerBridge<RecordJob, RecordReply>(
    () => new Worker(new URL('../draw/record.worker.ts', import.meta.url), { type: 'module' }),
    { name: 'record worker', isFinal: (reply) => reply.kind !== 'progress', terminateWhenIdle: true },
  );
  const reply = await bridge.call(prepared.job, {
    transfer: prepared.transfer,
    signal: options.signal,
    onProgress: (r) => {
      if (r.kind === 'progress') options.onProgress?.({ step: r.step, done: r.done, total: r.total });
    },
  });
  if (reply.kind === 'done') return { pdf: reply.pdf, pages: reply.pages, missing: reply.missing };
  throw new Error(reply.kind === 'error' ? reply.message : 'the record worker did not finish');
}

// The page's side of photo compression: one worker, requests matched by id, each
// cancellable (the user may close the item while a photo is still being processed).
import { DEFAULT_COMPRESS, type CompressedPhoto, type CompressOptions } from './photo-compress-core';
import type { CompressRequest } from './photo-compress.worker';

type Reply = { id: number; photo: CompressedPhoto } | { id: number; error: string };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (p: CompressedPhoto) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./photo-compress.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<Reply>) => {
      const reply = event.data;
      const waiter = pending.get(reply.id);
      if (!waiter) return; // cancelled
      pending.delete(reply.id);
      if ('error' in reply) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply.photo);
    });
  }
  return worker;
}

export class CompressionCancelled extends Error {
  constructor() {
    super('photo compression cancelled');
    this.name = 'CompressionCancelled';
  }
}

/** Compress a photo in the worker. */
export function compressInWorker(
  file: Blob,
  options: Partial<CompressOptions> = {},
  signal?: AbortSignal,
): Promise<CompressedPhoto> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CompressionCancelled());
    pending.set(id, { resolve, reject });
    signal?.addEventListener('abort', () => {
      if (pending.delete(id)) reject(new CompressionCancelled());
    });
    const request: CompressRequest = { id, file, options: { ...DEFAULT_COMPRESS, ...options } };
    getWorker().postMessage(request);
  });
}

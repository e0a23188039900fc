// The page's side of photo compression: one worker, requests matched by id, each
// cancellable (the user may close the item while a photo is still being processed).
// Where the worker cannot (no OffscreenCanvas in Safari < 16.4 workers, or no module
// workers at all), the page compresses on the main thread instead (photo-compress-main.ts).
import { DEFAULT_COMPRESS, type CompressedPhoto, type CompressOptions } from './photo-compress-core';
import type { CompressReply, CompressRequest } from './photo-compress.worker';

interface Waiter {
  resolve: (p: CompressedPhoto) => void;
  reject: (e: Error) => void;
  /** Redo this request on the main thread. */
  onMainThread: () => void;
}

let worker: Worker | undefined;
/** Set once the worker could not compress: later photos go straight to the main thread. */
let workerCannot = false;
let nextId = 1;
const pending = new Map<number, Waiter>();

function giveUpOnWorker(): void {
  workerCannot = true;
  worker?.terminate();
  worker = undefined;
  const waiting = [...pending.values()];
  pending.clear();
  for (const w of waiting) w.onMainThread();
}

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./photo-compress.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<CompressReply>) => {
      const reply = event.data;
      if ('unsupported' in reply) return giveUpOnWorker();
      const waiter = pending.get(reply.id);
      if (!waiter) return; // cancelled
      pending.delete(reply.id);
      if ('error' in reply) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply.photo);
    });
    // A worker that failed to load or died: its requests are redone on the main thread.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      giveUpOnWorker();
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

async function compressOnMainThread(file: Blob, options: CompressOptions, signal?: AbortSignal) {
  const main = await import('./photo-compress-main');
  try {
    return await main.compressOnMainThread(file, options, signal);
  } catch (err) {
    throw signal?.aborted ? new CompressionCancelled() : err;
  }
}

/** Compress a photo in the worker, or on the main thread where the worker cannot. */
export function compressInWorker(
  file: Blob,
  options: Partial<CompressOptions> = {},
  signal?: AbortSignal,
): Promise<CompressedPhoto> {
  const full = { ...DEFAULT_COMPRESS, ...options };
  if (signal?.aborted) return Promise.reject(new CompressionCancelled());
  if (workerCannot) return compressOnMainThread(file, full, signal);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, {
      resolve,
      reject,
      onMainThread: () => void compressOnMainThread(file, full, signal).then(resolve, reject),
    });
    signal?.addEventListener('abort', () => {
      if (pending.delete(id)) reject(new CompressionCancelled());
    });
    const request: CompressRequest = { id, file, options: full };
    try {
      getWorker().postMessage(request);
    } catch {
      // No worker at all (the constructor threw).
      giveUpOnWorker();
    }
  });
}

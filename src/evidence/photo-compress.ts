// The page's side of photo compression: one worker behind the worker bridge (requests
// matched by id, each cancellable: the user may close the item while a photo is still
// being processed). Where the worker cannot (no OffscreenCanvas in Safari < 16.4 workers,
// no module workers at all, or a worker that crashed), the page compresses on the main
// thread instead (photo-compress-main.ts).
import { isAbortError, WorkerBridge } from '../ui/worker-bridge';
import { DEFAULT_COMPRESS, type CompressedPhoto, type CompressOptions } from './photo-compress-core';
import type * as MainThread from './photo-compress-main';
import type { CompressReply, CompressRequest } from './photo-compress.worker';

const bridge = new WorkerBridge<Omit<CompressRequest, 'id'>, CompressReply>(
  () => new Worker(new URL('./photo-compress.worker.ts', import.meta.url), { type: 'module' }),
  { name: 'photo worker' },
);

/** Set once the worker could not compress: later photos go straight to the main thread. */
let workerCannot = false;

function giveUpOnWorker(): void {
  if (workerCannot) return;
  workerCannot = true;
  // Whatever else is waiting on the worker is redone on the main thread (its calls reject).
  bridge.terminate();
}

export class CompressionCancelled extends Error {
  constructor() {
    super('photo compression cancelled');
    this.name = 'CompressionCancelled';
  }
}

let mainThreadModule: Promise<typeof MainThread> | undefined;

/** The fallback's code, loaded once for all the photos that need it (again after a failed load). */
function loadMainThread() {
  mainThreadModule ??= import('./photo-compress-main').catch((err: unknown) => {
    mainThreadModule = undefined;
    throw err;
  });
  return mainThreadModule;
}

async function compressOnMainThread(file: Blob, options: CompressOptions, signal?: AbortSignal) {
  const main = await loadMainThread();
  try {
    return await main.compressOnMainThread(file, options, signal);
  } catch (err) {
    throw signal?.aborted ? new CompressionCancelled() : err;
  }
}

/** Compress a photo in the worker, or on the main thread where the worker cannot. */
export async function compressInWorker(
  file: Blob,
  options: Partial<CompressOptions> = {},
  signal?: AbortSignal,
): Promise<CompressedPhoto> {
  const full = { ...DEFAULT_COMPRESS, ...options };
  if (signal?.aborted) throw new CompressionCancelled();
  if (workerCannot) return compressOnMainThread(file, full, signal);
  let reply: CompressReply;
  try {
    reply = await bridge.call({ file, options: full }, { signal });
  } catch (err) {
    if (isAbortError(err)) throw new CompressionCancelled();
    // A worker that could not start, failed to load or died: redo it on the main thread.
    giveUpOnWorker();
    return compressOnMainThread(file, full, signal);
  }
  if ('unsupported' in reply) {
    giveUpOnWorker();
    return compressOnMainThread(file, full, signal);
  }
  if ('error' in reply) throw new Error(reply.error);
  return reply.photo;
}

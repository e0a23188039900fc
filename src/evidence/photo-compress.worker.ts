/// <reference lib="webworker" />
// Photo compression off the main thread: a 12-megapixel decode would freeze the UI.
import { compressPhoto, hasOffscreenCanvas, type CompressOptions } from './photo-compress-core';

export interface CompressRequest {
  id: number;
  file: Blob;
  options: CompressOptions;
}

/** `unsupported`: this worker has no OffscreenCanvas (Safari < 16.4); the page compresses instead. */
export type CompressReply =
  | { id: number; photo: Awaited<ReturnType<typeof compressPhoto>> }
  | { id: number; error: string }
  | { id: number; unsupported: true };

const reply = (message: CompressReply, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

self.addEventListener('message', (event: MessageEvent<CompressRequest>) => {
  const { id, file, options } = event.data;
  if (!hasOffscreenCanvas()) return reply({ id, unsupported: true });
  compressPhoto(file, options).then(
    (photo) => reply({ id, photo }, [photo.data]),
    (err: unknown) => reply({ id, error: err instanceof Error ? err.message : String(err) }),
  );
});

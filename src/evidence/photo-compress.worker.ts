/// <reference lib="webworker" />
// Photo compression off the main thread: a 12-megapixel decode would freeze the UI.
import { compressPhoto, type CompressOptions } from './photo-compress-core';

export interface CompressRequest {
  id: number;
  file: Blob;
  options: CompressOptions;
}

self.addEventListener('message', (event: MessageEvent<CompressRequest>) => {
  const { id, file, options } = event.data;
  compressPhoto(file, options).then(
    (photo) => self.postMessage({ id, photo }, { transfer: [photo.data] }),
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
});

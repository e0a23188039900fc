// The fallback where the worker cannot compress (no OffscreenCanvas in workers: Safari
// before 16.4): a <canvas> on the main thread. Decoding and JPEG encoding are async in
// every engine; the resize is not, so it is drawn in slices with a yield between them,
// and a 12-megapixel photo never holds up taps for the whole resize.
import { compressPhoto, type CompressedPhoto, type CompressOptions, type PhotoCanvas } from './photo-compress-core';
import { PhotoUnsupportedError } from './photo-errors';

/** Rows of the stored picture drawn per task: 1600 × 160 px stays a few ms on a slow phone. */
const SLICE_ROWS = 160;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function slicedCanvas(width: number, height: number, signal?: AbortSignal): PhotoCanvas {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new PhotoUnsupportedError('no 2d canvas');
  ctx.imageSmoothingQuality = 'high';
  return {
    async draw(bitmap) {
      const scale = bitmap.height / height;
      for (let top = 0; top < height; top += SLICE_ROWS) {
        signal?.throwIfAborted();
        const rows = Math.min(SLICE_ROWS, height - top);
        // Source rectangles rather than a clip: each slice then costs only its own pixels.
        // Filtering at a slice's edge sees the edge pixel repeated, a sub-pixel difference.
        ctx.drawImage(bitmap, 0, top * scale, bitmap.width, rows * scale, 0, top, width, rows);
        await nextTask();
      }
    },
    toJpeg: (quality) =>
      new Promise((resolve, reject) =>
        canvas.toBlob(
          (blob) => (blob ? resolve(blob) : reject(new PhotoUnsupportedError('no JPEG encoder for <canvas>'))),
          'image/jpeg',
          quality,
        ),
      ),
  };
}

/** Compress on the main thread; aborting stops between slices (the signal's reason is thrown). */
export async function compressOnMainThread(
  file: Blob,
  options: CompressOptions,
  signal?: AbortSignal,
): Promise<CompressedPhoto> {
  if (typeof createImageBitmap !== 'function') throw new PhotoUnsupportedError('no createImageBitmap');
  const photo = await compressPhoto(file, options, (width, height) => slicedCanvas(width, height, signal));
  signal?.throwIfAborted();
  return photo;
}

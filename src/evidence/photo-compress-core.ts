// Decode, orient, shrink and re-encode a photo. Runs in a worker (see
// photo-compress.worker.ts), or on the main thread where a worker has no OffscreenCanvas
// (photo-compress-main.ts); kept apart so the same code is exercised by the tests.
import { sha256Hex, type PhotoBytes } from '../shared/evidence';

export interface CompressOptions {
  /** Long edge of the stored image, in pixels. */
  maxEdge: number;
  /** JPEG quality to start with; lowered until the target size is met. */
  quality: number;
  /** Aim for at most this many bytes (a typical phone photo ends near 250 KB). */
  targetBytes: number;
  keepLocation: boolean;
}

export const DEFAULT_COMPRESS: CompressOptions = {
  maxEdge: 1600,
  quality: 0.82,
  targetBytes: 400 * 1024,
  keepLocation: false,
};

export type CompressedPhoto = PhotoBytes;

/** Where the shrunk picture is drawn and encoded: an OffscreenCanvas, or a <canvas>. */
export interface PhotoCanvas {
  draw(bitmap: ImageBitmap): Promise<void>;
  toJpeg(quality: number): Promise<Blob>;
}

/** The worker's canvas; throws (ReferenceError) where OffscreenCanvas is missing. */
function offscreenCanvas(width: number, height: number): PhotoCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.imageSmoothingQuality = 'high';
  return {
    draw: (bitmap) => Promise.resolve(ctx.drawImage(bitmap, 0, 0, width, height)),
    toJpeg: (quality) => canvas.convertToBlob({ type: 'image/jpeg', quality }),
  };
}

/** Whether this context can compress with an OffscreenCanvas (Safari < 16.4 workers cannot). */
export function hasOffscreenCanvas(): boolean {
  try {
    offscreenCanvas(1, 1);
    return typeof OffscreenCanvas.prototype.convertToBlob === 'function';
  } catch {
    return false;
  }
}

interface ExifFacts {
  DateTimeOriginal?: Date;
  latitude?: number;
  longitude?: number;
}

async function readExif(file: Blob, keepLocation: boolean): Promise<ExifFacts> {
  try {
    const { default: exifr } = await import('exifr/dist/lite.esm.mjs');
    // (exifr's `pick` option fails in the lite build; the few IFD0/EXIF tags cost nothing)
    const facts = (await exifr.parse(file, { gps: keepLocation })) as ExifFacts | undefined;
    return facts ?? {};
  } catch {
    // A photo without (or with broken) EXIF is still evidence.
    return {};
  }
}

/**
 * Store-ready JPEG: upright (EXIF orientation applied by createImageBitmap), long edge
 * ≤ maxEdge, re-encoded — which drops all EXIF, GPS included. The capture time (and the
 * position, only if asked) is read first and returned beside the bytes.
 */
export async function compressPhoto(
  file: Blob,
  options: CompressOptions = DEFAULT_COMPRESS,
  makeCanvas: (width: number, height: number) => PhotoCanvas = offscreenCanvas,
): Promise<CompressedPhoto> {
  const exif = await readExif(file, options.keepLocation);
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, options.maxEdge / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = makeCanvas(width, height);
  try {
    await canvas.draw(bitmap);
  } finally {
    bitmap.close();
  }

  let quality = options.quality;
  let blob = await canvas.toJpeg(quality);
  while (blob.size > options.targetBytes && quality > 0.5) {
    quality -= 0.08;
    blob = await canvas.toJpeg(quality);
  }
  const data = await blob.arrayBuffer();
  const capturedAt =
    exif.DateTimeOriginal instanceof Date && !Number.isNaN(exif.DateTimeOriginal.getTime())
      ? exif.DateTimeOriginal.getTime()
      : file instanceof File && file.lastModified
        ? file.lastModified
        : Date.now();
  const location =
    options.keepLocation && typeof exif.latitude === 'number' && typeof exif.longitude === 'number'
      ? { lat: exif.latitude, lon: exif.longitude }
      : undefined;
  return { data, sha256: await sha256Hex(data), width, height, capturedAt, ...(location ? { location } : {}) };
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'xunjian-jpeg-'));

/**
 * Real camera-like JPEGs, made with ImageMagick and exiftool (Debian: imagemagick,
 * libimage-exiftool-perl): a 400×300 picture with a red block top-left and a blue block
 * bottom-right, stored sideways with an EXIF orientation tag, a capture time and GPS.
 */
export function orientedJpeg(orientation: 1 | 6 | 8): string {
  const file = join(dir, `orient-${orientation}.jpg`);
  if (existsSync(file)) return file;
  execFileSync('convert', [
    '-size',
    '400x300',
    'xc:white',
    '-fill',
    'red',
    '-draw',
    'rectangle 0,0 99,74',
    '-fill',
    'blue',
    '-draw',
    'rectangle 300,225 399,299',
    '-quality',
    '90',
    file,
  ]);
  execFileSync('exiftool', [
    '-q',
    '-overwrite_original',
    '-n',
    `-Orientation=${orientation}`,
    '-DateTimeOriginal=2026:11:20 09:30:15',
    '-GPSLatitude=30.5',
    '-GPSLatitudeRef=N',
    '-GPSLongitude=114.3',
    '-GPSLongitudeRef=E',
    file,
  ]);
  return file;
}

/** A 4032×3024 photo of about 1.8 MB, the size a phone camera produces. */
export function phonePhoto(): string {
  const file = join(dir, 'phone-4032x3024.jpg');
  if (!existsSync(file))
    execFileSync('convert', [
      '-seed',
      '7',
      '-size',
      '4032x3024',
      'plasma:fractal',
      '-blur',
      '0x2',
      '-quality',
      '92',
      file,
    ]);
  return file;
}

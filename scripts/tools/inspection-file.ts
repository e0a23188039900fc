// Reading an inspection file (src/shared/inspection-file.schema.ts) in Node, for
// `npm run record` and the bench: validated, every blob checked against its SHA-256.
import { readFileSync } from 'node:fs';
import { imageSize } from '../../src/report/model/image-size';
import type { RecordInput } from '../../src/report/model/record-model';
import type { StoredImage } from '../../src/report/draw/render-record';
import { formatIssues } from '../../src/shared/checklist-validate';
import { contentDigest } from '../../src/shared/digest';
import { sha256Hex } from '../../src/shared/evidence';
import { InspectionFile } from '../../src/shared/inspection-file.schema';

/** A file that cannot be used; the message is FILE: PATH: REASON lines. */
export class InspectionFileError extends Error {}

export interface LoadedInspectionFile {
  input: RecordInput;
  /** Image blobs (photos, signatures) with their pixel sizes, by SHA-256. */
  images: Record<string, StoredImage>;
  counts: { answers: number; photos: number; signatures: number; computers: number };
}

export async function loadInspectionFile(path: string): Promise<LoadedInspectionFile> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InspectionFileError(`${path}: cannot read JSON: ${(err as Error).message}`);
  }
  const parsed = InspectionFile.safeParse(json);
  if (!parsed.success) throw new InspectionFileError(formatIssues(path, parsed.error.issues).join('\n'));
  const file = parsed.data;
  const images: Record<string, StoredImage> = {};
  for (const [sha256, blob] of Object.entries(file.blobs)) {
    const bytes = new Uint8Array(Buffer.from(blob.base64, 'base64'));
    // Content-addressed: a blob whose bytes do not hash to its key is corrupt.
    if ((await sha256Hex(bytes)) !== sha256)
      throw new InspectionFileError(`${path}: blobs.${sha256}: bytes do not match their SHA-256`);
    const size = imageSize(bytes);
    if (size) images[sha256] = { bytes, type: blob.type, ...size };
  }
  const records = {
    inspection: file.inspection,
    template: file.template,
    rooms: file.rooms,
    computers: file.computers,
    photos: file.photos,
    signatures: file.signatures,
  };
  const digest = await contentDigest({ ...records, answers: file.answers, findings: file.findings });
  return {
    input: {
      ...records,
      answers: new Map(file.answers.map((a) => [a.id, a])),
      findings: new Map(file.findings.map((f) => [f.id, f])),
      digest,
    },
    images,
    counts: {
      answers: file.answers.length,
      photos: file.photos.length,
      signatures: file.signatures.length,
      computers: file.computers.length,
    },
  };
}

// The page's half of a PDF: an inspection turned into the record worker's job, with the
// image bytes it shows read here (the worker only draws) and listed for transfer, so a
// record with forty photos moves them to the worker instead of copying them.
import type { Inspection } from '../../shared/inspection';
import type { DraftSection } from '../model/draft';
import { imageSize } from '../model/image-size';
import { buildRecordModel, documentIdOf, type RecordInput } from '../model/record-model';
import type { RecordJob, StoredImage } from '../model/record-messages';

/** A job for the record worker and the buffers its postMessage moves (unusable here after). */
export interface PreparedJob {
  job: RecordJob;
  transfer: ArrayBuffer[];
}

/** Stored bytes by SHA-256 (src/db getBlob on the page). */
export type LoadStoredBytes = (sha256: string) => Promise<{ data: ArrayBuffer; type: string } | undefined>;

/** The buffers under `images`, each once (transferring one twice throws). */
function transferOf(images: Record<string, StoredImage>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const image of Object.values(images)) {
    const { buffer } = image.bytes;
    if (buffer instanceof ArrayBuffer) buffers.add(buffer);
  }
  return [...buffers];
}

/** The record job of one inspection: its model, the images it shows, the marking, and the bytes to transfer. */
export async function toRecordJob(
  input: RecordInput,
  deps: { loadBytes: LoadStoredBytes; marking: string },
): Promise<PreparedJob> {
  const model = buildRecordModel(input);
  const wanted = new Set([
    ...model.findings.flatMap((f) => f.photos.map((p) => p.sha256)),
    ...model.appendix.map((a) => a.sha256),
    ...model.signatures.map((s) => s.pngSha256),
  ]);
  const images: Record<string, StoredImage> = {};
  for (const sha256 of wanted) {
    const blob = await deps.loadBytes(sha256);
    if (!blob) continue;
    const bytes = new Uint8Array(blob.data);
    const size = imageSize(bytes);
    if (size) images[sha256] = { bytes, type: blob.type, ...size };
  }
  return { job: { kind: 'record', model, images, marking: deps.marking }, transfer: transferOf(images) };
}

/** The draft job: the edited sections, the header and document id, and the marking (no bytes to move). */
export function toDraftJob(
  inspection: Pick<Inspection, 'unit' | 'date'>,
  digest: string,
  sections: DraftSection[],
  marking: string,
): PreparedJob {
  return {
    job: {
      kind: 'draft',
      sections,
      header: `${inspection.unit} · ${inspection.date}`,
      documentId: documentIdOf(inspection, digest),
      marking,
    },
    transfer: [],
  };
}

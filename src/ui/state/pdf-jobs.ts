// What the record worker is given: the record (or draft) and the image bytes it shows,
// read from IndexedDB here because the worker only draws.
import { getBlob, getSetting, inspectionDigest, setSetting } from '../../db';
import type { DraftSection } from '../../report/draft';
export { pdfFileName } from '../../report/file-name';
import { imageSize } from '../../report/image-size';
import { MARKING_SETTING, markingOf } from '../../report/marking';
import { buildRecordModel, documentIdOf } from '../../report/record-model';
import type { RecordJob } from '../../report/record.worker';
import type { StoredImage } from '../../report/render-record';
import type { LoadedBundle } from '../routes/Loaded';
import type { BundleState } from './bundle';
import { recordInputOf } from './record-input';

/** The marking the user set for this phone's PDFs (the default until they set one). */
export async function pdfMarking(): Promise<string> {
  // An unreadable setting is no reason to refuse a PDF: the default marking is the safe side.
  return markingOf(await getSetting(MARKING_SETTING).catch(() => undefined));
}

/** Keep the marking for the next PDFs; an empty one prints none. */
export function savePdfMarking(marking: string): Promise<void> {
  return setSetting(MARKING_SETTING, markingOf(marking));
}

/** The record job of one inspection: its model, the images it shows and the marking. */
export async function recordJob(state: BundleState, b: LoadedBundle): Promise<RecordJob> {
  const digest = await inspectionDigest(b.inspection.id);
  const model = buildRecordModel(recordInputOf(state, b, digest));
  const wanted = new Set([
    ...model.findings.flatMap((f) => f.photos.map((p) => p.sha256)),
    ...model.appendix.map((a) => a.sha256),
    ...model.signatures.map((s) => s.pngSha256),
  ]);
  const images: Record<string, StoredImage> = {};
  for (const sha256 of wanted) {
    const blob = await getBlob(sha256);
    if (!blob) continue;
    const bytes = new Uint8Array(blob.data);
    const size = imageSize(bytes);
    if (size) images[sha256] = { bytes, type: blob.type, ...size };
  }
  return { kind: 'record', model, images, marking: await pdfMarking() };
}

/** The draft job: the edited sections, the header and document id, and the marking. */
export async function draftJob(b: LoadedBundle, sections: DraftSection[]): Promise<RecordJob> {
  const digest = await inspectionDigest(b.inspection.id);
  return {
    kind: 'draft',
    sections,
    header: `${b.inspection.unit} · ${b.inspection.date}`,
    documentId: documentIdOf(b.inspection, digest),
    marking: await pdfMarking(),
  };
}

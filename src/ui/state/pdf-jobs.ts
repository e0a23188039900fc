// What the record worker is given: the record (or draft) and the image bytes it shows,
// read from IndexedDB here because the worker only draws (src/report/client builds the
// job and its transfer list).
import { inspectionDigest, readSetting, SETTINGS, writeSetting } from '../../db';
import { toDraftJob, toRecordJob, type PreparedJob } from '../../report/client/record-job';
import type { DraftSection } from '../../report/model/draft';
export { pdfFileName } from '../../report/model/file-name';
import { markingOf } from '../../report/model/marking';
import type { BundleState, LoadedBundle } from './bundle';
import { recordInputOf } from './record-input';
import { loadOrFetchBlob } from './blob-on-demand';

/** The marking the user set for this phone's PDFs (the default until they set one). */
export async function pdfMarking(): Promise<string> {
  // An unreadable setting is no reason to refuse a PDF: the default marking is the safe side.
  return markingOf(await readSetting(SETTINGS.marking).catch(() => undefined));
}

/** Keep the marking for the next PDFs; an empty one prints none. */
export function savePdfMarking(marking: string): Promise<void> {
  return writeSetting(SETTINGS.marking, markingOf(marking));
}

/** The record job of one inspection: its model, the images it shows and the marking. */
export async function recordJob(state: BundleState, b: LoadedBundle): Promise<PreparedJob> {
  const digest = await inspectionDigest(b.inspection.id);
  // Bytes not on this phone yet (an inspection opened from the office list) are fetched for the PDF.
  const png = new Set(b.signatures.map((s) => s.pngSha256));
  const loadBytes = (sha256: string) => loadOrFetchBlob(sha256, png.has(sha256) ? 'image/png' : 'image/jpeg');
  return toRecordJob(recordInputOf(state, b, digest), { loadBytes, marking: await pdfMarking() });
}

/** The draft job: the edited sections, the header and document id, and the marking. */
export async function draftJob(b: LoadedBundle, sections: DraftSection[]): Promise<PreparedJob> {
  const digest = await inspectionDigest(b.inspection.id);
  return toDraftJob(b.inspection, digest, sections, await pdfMarking());
}

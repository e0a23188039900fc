import type { RecordInput } from '../../report/model/record-model';
import type { BundleState, LoadedBundle } from './bundle';
import { snapshotRecords } from './bundle';

/** The record's input from the live state of an inspection. */
export function recordInputOf(state: BundleState, b: LoadedBundle, digest: string): RecordInput {
  const { answers, findings } = snapshotRecords(state);
  return {
    inspection: b.inspection,
    template: b.template,
    rooms: b.rooms,
    computers: b.computers,
    answers,
    findings,
    photos: b.photos,
    signatures: b.signatures,
    digest,
  };
}

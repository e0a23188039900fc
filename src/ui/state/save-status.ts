// What the user is told about writes: "saving…", "saved", or a plain-words error with
// a retry that replays exactly the write that failed.
import { createSignal } from 'solid-js';
import { InspectionLockedError, StorageWriteError } from '../../db/errors';
import { PhotoUnsupportedError } from '../../evidence/photo-errors';
import { t } from '../i18n';

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: number };
export interface SaveFailure {
  message: string;
  retry: () => void;
}

const [saveState, setSaveState] = createSignal<SaveState>({ kind: 'idle' });
// Kept apart from the state above: a later write that succeeds (another field) must not
// hide that this one was not saved. Only its own retry, or a newer failure, replaces it.
const [saveFailure, setSaveFailure] = createSignal<SaveFailure>();
export { saveFailure, saveState };

let inFlight = 0;

export function describeFailure(err: unknown): string {
  if (err instanceof InspectionLockedError) return t('save.failed.locked');
  if (err instanceof PhotoUnsupportedError) return t('save.failed.photoUnsupported');
  if (err instanceof StorageWriteError) {
    if (err.failure === 'quota') return t('save.failed.quota');
    if (err.failure === 'upgrade') return t('save.failed.upgrade');
    return t('save.failed.unavailable');
  }
  return t('save.failed.other', { message: err instanceof Error ? err.message : String(err) });
}

/**
 * Run a write and report it. On failure the UI keeps showing the error with a retry of
 * exactly this write until that retry succeeds; nothing committed before is touched.
 */
export async function save<T>(write: () => Promise<T>): Promise<T | undefined> {
  inFlight++;
  setSaveState({ kind: 'saving' });
  try {
    const result = await write();
    inFlight--;
    if (inFlight === 0) setSaveState({ kind: 'saved', at: Date.now() });
    return result;
  } catch (err) {
    inFlight--;
    reportFailure(err, () => void save(write));
    return undefined;
  }
}

/** Show a failure (a write, or the work before it such as compressing a photo) with its retry. */
export function reportFailure(err: unknown, retry: () => void): void {
  console.error('save failed', err);
  setSaveState({ kind: 'idle' });
  setSaveFailure({
    message: describeFailure(err),
    retry: () => {
      setSaveFailure(undefined);
      retry();
    },
  });
}

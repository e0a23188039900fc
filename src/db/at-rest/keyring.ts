// The data key while the app is unlocked: in memory only, gone with the page (locking
// reloads it). Before any lock was set up rows are written in the clear, as before.
import type { RecordCipher } from './cipher';

type State = { mode: 'clear' } | { mode: 'locked' } | { mode: 'open'; cipher: RecordCipher };

let state: State = { mode: 'clear' };

/** The cipher rows are sealed with, undefined while locked or before a lock exists. */
export function currentCipher(): RecordCipher | undefined {
  return state.mode === 'open' ? state.cipher : undefined;
}

/** Whether writes must be sealed (a lock exists on this device). */
export function sealingRequired(): boolean {
  return state.mode !== 'clear';
}

/** The cipher's code loads only here: a phone without a lock never fetches it. */
export async function holdKey(key: Uint8Array): Promise<void> {
  const { recordCipher } = await import('./cipher');
  state = { mode: 'open', cipher: recordCipher(key) };
}

/** A lock exists but its key is not given yet. */
export function markLocked(): void {
  state = { mode: 'locked' };
}

/** No lock on this device (it was removed with the records, or never set up). */
export function markClear(): void {
  state = { mode: 'clear' };
}

let clearRows = 0;

/** How many rows were read in the clear so far (sealing goes on until a pass reads none). */
export function clearRowsSeen(): number {
  return clearRows;
}

export function countClearRow(): void {
  clearRows++;
}

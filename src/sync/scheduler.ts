// When sync runs: on start, when the phone comes back online, every few minutes while
// the app is open, and when the user asks — never through Background Sync, which Safari
// and Firefox lack. One tab at a time (Web Locks): a second tab's request is "busy".
import { getAccount } from '../db/account';
import { createApi } from './api';
import { runSync, type SyncOutcome, type SyncProgress } from './engine';

export type RunOutcome = SyncOutcome | { ok: false; failure: 'busy' | 'not-signed-in'; message: string };

const LOCK = 'xunjian-sync';

/** Run `task` while no sync runs in any tab (it waits for a running one to end). */
export async function withSyncLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request(LOCK, task) : task();
}

/** Run one sync unless another tab (or this one) is already running it. */
export async function syncOnce(onProgress: (p: SyncProgress) => void): Promise<RunOutcome> {
  const run = async (): Promise<RunOutcome> => {
    const account = await getAccount();
    if (!account) return { ok: false, failure: 'not-signed-in', message: 'not signed in' };
    return runSync(createApi(account.token), account, onProgress);
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return run();
  return locks.request(LOCK, { ifAvailable: true }, (lock) =>
    lock ? run() : { ok: false, failure: 'busy', message: 'another tab is syncing' },
  );
}

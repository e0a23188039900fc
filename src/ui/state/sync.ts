// The sync status the whole UI shows, and the triggers that start a sync. The engine
// (src/sync) loads on first use, so the app shell stays small.
import { createSignal } from 'solid-js';
import { getAccount, type Account } from '../../db/account';
import type { RunOutcome } from '../../sync/scheduler';
import type { SyncProgress } from '../../sync/engine';

/** Every few minutes while the app is open and online. */
const SYNC_INTERVAL_MS = 2 * 60_000;

const [account, setAccount] = createSignal<Account | undefined>();
const [running, setRunning] = createSignal(false);
const [progress, setProgress] = createSignal<SyncProgress>();
const [outcome, setOutcome] = createSignal<RunOutcome>();
const [accountLoaded, setAccountLoaded] = createSignal(false);
export { account, accountLoaded, outcome, progress, running };

let current: Promise<RunOutcome> | undefined;

/** Start a sync now (or join the one running in this tab). */
export function syncNow(): Promise<RunOutcome> {
  current ??= (async () => {
    setRunning(true);
    setProgress(undefined);
    try {
      const { syncOnce } = await import('../../sync/scheduler');
      const result = await syncOnce((p) => setProgress({ ...p }));
      setOutcome(result);
      // A revoked device has lost its token: show the login again.
      if (!result.ok && result.failure === 'signed-out') setAccount(undefined);
      return result;
    } catch (err) {
      const result: RunOutcome = { ok: false, failure: 'server', message: String(err) };
      setOutcome(result);
      return result;
    } finally {
      setRunning(false);
      current = undefined;
    }
  })();
  return current;
}

/** After a login (or a logout) the status follows the stored account. */
export async function reloadAccount(): Promise<Account | undefined> {
  const a = await getAccount().catch(() => undefined);
  setAccount(a);
  setAccountLoaded(true);
  return a;
}

let started = false;

/** Load the account and start the triggers; called once the first screen is painted. */
export async function startSync(): Promise<void> {
  if (started) return;
  started = true;
  const a = await reloadAccount();
  const maybeSync = () => {
    if (account() && navigator.onLine !== false) void syncNow();
  };
  window.addEventListener('online', maybeSync);
  setInterval(() => {
    if (document.visibilityState === 'visible') maybeSync();
  }, SYNC_INTERVAL_MS);
  if (a) maybeSync();
}

/** Reviewers (and admins) review; everyone but reviewers records inspections. */
export function canReview(): boolean {
  const role = account()?.user.role;
  return role === 'reviewer' || role === 'admin';
}

export function canInspect(): boolean {
  return account()?.user.role !== 'reviewer';
}

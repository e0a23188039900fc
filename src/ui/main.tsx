import { render } from 'solid-js/web';
import { App } from './App';
import { registerServiceWorker } from './sw-bridge';
import { locale, t } from './i18n';
import { LockedError } from '../db/at-rest/codec';
import { startLock } from '../db/at-rest/lock';
import { reloadOnLockChange } from './lock/channel';
import './styles.css';

document.documentElement.lang = locale();
const root = document.getElementById('root');
if (root)
  start(root).catch((err: unknown) => {
    // Sealed rows without their key, or storage that fails before the app could start:
    // said plainly (no chunk to load: it may be what failed), nothing on the phone touched.
    console.error(err);
    const message = document.createElement('p');
    message.className = 'banner banner-error';
    message.setAttribute('role', 'alert');
    message.textContent = isLocked(err)
      ? t('start.unreadable')
      : t('start.failed', { message: err instanceof Error ? err.message : String(err) });
    root.replaceChildren(message);
  });

/** Dexie wraps what fails inside an upgrade; the cause is what tells. */
function isLocked(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { inner?: unknown }).inner ?? e.cause)
    if (e instanceof LockedError) return true;
  return false;
}
void registerServiceWorker();

/**
 * The app lock decides first (src/db/at-rest): while it is locked, nothing opens the
 * records' database, and the lock screen is all there is.
 */
async function start(target: HTMLElement): Promise<void> {
  // Another tab locking, setting up or removing the lock reloads this one.
  reloadOnLockChange();
  const status = await startLock();
  if (status.kind !== 'none' || (await signedIn())) {
    const gate = await import('./lock/gate');
    if (status.kind === 'locked') await gate.showLockScreen(target, status);
    else if (status.kind === 'none') await gate.requireLockSetup(target);
    const after = await import('./lock/after-unlock');
    await after.afterUnlock();
  }
  render(() => <App />, target);
}

async function signedIn(): Promise<boolean> {
  const { getAccount } = await import('../db/account');
  return !!(await getAccount());
}

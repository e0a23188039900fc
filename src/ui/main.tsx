import { render } from 'solid-js/web';
import { App } from './App';
import { registerServiceWorker } from './sw-bridge';
import { locale } from './i18n';
import { startLock } from '../db/at-rest/lock';
import { reloadOnLockChange } from './lock/channel';
import './styles.css';

document.documentElement.lang = locale();
const root = document.getElementById('root');
if (root)
  start(root).catch(async (err: unknown) => {
    // Sealed rows without their key (or another failure before the app could start):
    // said plainly, and nothing on the phone is touched.
    console.error(err);
    const gate = await import('./lock/gate');
    gate.showUnreadable(root, err);
  });
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

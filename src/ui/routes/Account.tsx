import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { useNavigate } from '@solidjs/router';
import { from, Show } from 'solid-js';
import { observe } from '../../db/live';
import { getAccount, unsyncedWork } from '../../db/account';
import { clearLocalData } from '../../db/sign-in';
import { createApi } from '../../sync/api';
import { withSyncLock } from '../../sync/scheduler';
import { t, type MessageKey } from '../i18n';
import { account, reloadAccount, running, syncNow } from '../state/sync';
import { SyncPanel } from '../components/SyncPanel';
import { save } from '../state/save-status';
import { removeLock } from '../../db/at-rest/lock';
import { announce } from '../lock/channel';
import { LockSettings } from '../lock/LockSettings';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

/**
 * Who this device syncs as, sync in detail, and logout. On a shared phone, logging out
 * takes every record off the device: only once the server has all of it, or after the
 * user read that unsynced work will be lost.
 */
export default function Account() {
  const navigate = useNavigate();
  const work = from(observe(unsyncedWork));
  const waiting = () => {
    const w = work();
    return w ? w.changes + w.uploads + w.localOnly : 0;
  };
  const total = (w: Awaited<ReturnType<typeof unsyncedWork>>) => w.changes + w.uploads + w.localOnly;

  const logout = async (force: boolean) => {
    await syncNow();
    const unsynced = total(await unsyncedWork());
    if (unsynced > 0 && !force) return; // the panel now says what is left and offers "anyway"
    if (!window.confirm(t(unsynced > 0 ? 'account.logoutAnywayConfirm' : 'account.logoutConfirm'))) return;
    // Under the sync lock, so no sync in another tab writes records back meanwhile; and
    // looked at again, in case something new was recorded since the user confirmed: then
    // nothing happens, and the token stays (revoking it first would strand that work).
    await withSyncLock(async () => {
      if (!force && total(await unsyncedWork()) > 0) return;
      const stored = await getAccount();
      // Revoke the token on the server when it can be reached; the local wipe does not wait for it.
      if (stored)
        await createApi(stored.token)
          .logout()
          .catch(() => undefined);
      // Other tabs reload into the lock screen first, so none writes with the key that goes.
      announce('locking-out');
      // The lock goes with the records, and only once they are gone (a retry of a failed
      // clear removes it too): sealed rows left without their key could never be read
      // again. The next user sets their own PIN.
      await save(async () => {
        await clearLocalData();
        await removeLock();
        announce('removed');
      });
    });
    await reloadAccount();
    navigate('/', { replace: true });
  };

  return (
    <section class="page narrow">
      <h1>{t('account.title')}</h1>
      <Show
        when={account()}
        fallback={
          <p>
            <a href="/login">{t('sync.signIn')}</a>
          </p>
        }
      >
        {(a) => (
          <>
            <p data-testid="account-user">
              {t('account.signedInAs', {
                name: a().user.name,
                role: t(`role.${a().user.role}` as MessageKey),
                org: a().organisation.name,
              })}
            </p>
            <SyncPanel />
            <Show when={work() && waiting() > 0}>
              <p class="warn" data-testid="logout-blocked">
                {t('account.logoutBlocked', {
                  changes: work()!.changes,
                  uploads: work()!.uploads,
                  localOnly: work()!.localOnly,
                })}
              </p>
            </Show>
            <div class="actions">
              <button type="button" disabled={running()} onClick={() => void logout(false)} data-testid="logout">
                {t('account.logout')}
              </button>
              <Show when={work() && waiting() > 0}>
                <button
                  type="button"
                  class="danger ghost"
                  onClick={() => void logout(true)}
                  data-testid="logout-anyway"
                >
                  {t('account.logoutAnyway')}
                </button>
              </Show>
            </div>
          </>
        )}
      </Show>
      <LockSettings />
    </section>
  );
}

import { A } from '@solidjs/router';
import { from, Show } from 'solid-js';
import { unsyncedWork } from '../../db/account';
import { observe } from '../../db/live';
import { formatWhen, t } from '../i18n';
import { account, accountLoaded, outcome, running } from '../state/sync';

/**
 * The sync state in the header, on every screen: signed out, syncing, changes waiting,
 * or when it last synced. It opens the account page (sync now, details, logout).
 */
export function SyncIndicator() {
  const work = from(observe(unsyncedWork));
  const pending = () => (work()?.changes ?? 0) + (work()?.uploads ?? 0);
  const failed = () => {
    const o = outcome();
    return o && !o.ok && o.failure !== 'busy' && o.failure !== 'offline';
  };
  const label = () => {
    if (!account()) return t('sync.signIn');
    if (running()) return t('syncBadge.syncing');
    if (pending() > 0) return t('sync.pending', { count: pending() });
    const o = outcome();
    return o?.ok ? t('sync.done', { time: formatWhen(o.at) }) : t('sync.allSynced');
  };
  return (
    <Show when={accountLoaded()}>
      <A
        href={account() ? '/account' : '/login'}
        class="sync-indicator"
        classList={{ pending: pending() > 0, failed: failed(), running: running() }}
        data-testid="sync-indicator"
      >
        {failed() ? '⚠ ' : ''}
        {label()}
      </A>
    </Show>
  );
}

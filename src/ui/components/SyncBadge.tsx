import { Show } from 'solid-js';
import type { InspectionSync } from '../../db/sync-state';
import { formatWhen, t } from '../i18n';
import { account, running } from '../state/sync';

/** Per inspection: not synced / syncing / synced at HH:MM (or: on this device only). */
export function SyncBadge(props: { sync: InspectionSync | undefined }) {
  const pending = () => props.sync?.pending ?? 0;
  return (
    <span
      class="sync-badge"
      classList={{ pending: pending() > 0 }}
      data-testid="sync-badge"
      data-state={!account() ? 'local' : pending() > 0 ? (running() ? 'syncing' : 'pending') : 'synced'}
    >
      <Show when={account()} fallback={t('syncBadge.local')}>
        <Show when={pending() === 0} fallback={running() ? t('syncBadge.syncing') : t('syncBadge.pending')}>
          {props.sync?.syncedAt
            ? t('syncBadge.synced', { time: formatWhen(props.sync.syncedAt) })
            : t('syncBadge.pending')}
        </Show>
      </Show>
    </span>
  );
}

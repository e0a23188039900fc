import { from, Show } from 'solid-js';
import { unsyncedWork } from '../../db/account';
import { heldChangeCount } from '../../db/held-changes';
import { observe } from '../../db/live';
import { formatBytes, formatWhen, t, type MessageKey } from '../i18n';
import { account, outcome, progress, running, syncNow } from '../state/sync';

/** Sync in detail: what is waiting, progress with items and bytes, errors with a retry. */
export function SyncPanel() {
  const work = from(observe(unsyncedWork));
  // Pulled changes this version cannot read: kept, shown after the app updates.
  const held = from(observe(heldChangeCount));
  const succeeded = () => {
    const o = outcome();
    return o?.ok ? o : undefined;
  };
  const failed = () => {
    const o = outcome();
    return o && !o.ok ? o : undefined;
  };
  return (
    <section class="sync-panel" aria-label={t('account.title')} data-testid="sync-panel">
      <Show when={account()} fallback={<p class="muted">{t('sync.notSignedIn')}</p>}>
        <Show when={work()}>
          {(w) => (
            <p data-testid="sync-pending" classList={{ warn: w().changes + w().uploads > 0 }}>
              {w().changes + w().uploads > 0
                ? t('sync.pending', { count: w().changes + w().uploads })
                : t('sync.allSynced')}
            </p>
          )}
        </Show>
        <Show when={(held() ?? 0) > 0}>
          <p class="warn" data-testid="sync-held">
            {t('sync.held', { count: held() ?? 0 })}
          </p>
        </Show>
        <Show when={running() && progress()}>
          {(p) => (
            <div class="sync-progress" role="status" data-testid="sync-progress">
              <span>{t(`sync.phase.${p().phase}` as MessageKey)}</span>
              <progress max={Math.max(1, p().itemsTotal)} value={p().itemsDone} />
              <span class="muted">
                {t('sync.progress', {
                  done: p().itemsDone,
                  total: p().itemsTotal,
                  bytesDone: formatBytes(p().bytesDone),
                  bytesTotal: formatBytes(p().bytesTotal),
                })}
              </span>
            </div>
          )}
        </Show>
        <Show when={succeeded()}>
          {(ok) => (
            <>
              <p class="muted" data-testid="sync-result">
                {t('sync.done', { time: formatWhen(ok().at) })}
              </p>
              <Show when={ok().repaired}>
                <p class="warn" data-testid="sync-repaired">
                  {t('sync.repaired')}
                </p>
              </Show>
              <Show when={ok().refused > 0}>
                <p class="warn">{t('sync.refused', { count: ok().refused })}</p>
              </Show>
              <Show when={ok().uploadsRefused > 0}>
                <p class="warn">{t('sync.uploadsRefused', { count: ok().uploadsRefused })}</p>
              </Show>
              <Show when={ok().missingPhotos > 0}>
                <p class="muted">{t('sync.missingPhotos', { count: ok().missingPhotos })}</p>
              </Show>
            </>
          )}
        </Show>
        <Show when={failed()}>
          {(f) => (
            <div
              class="banner"
              classList={{ 'banner-error': f().failure !== 'offline', 'banner-info': f().failure === 'offline' }}
              role="alert"
              data-testid="sync-error"
            >
              <span>{t(`sync.error.${f().failure}` as MessageKey, { message: f().message })}</span>
              <button type="button" onClick={() => void syncNow()} disabled={running()}>
                {t('sync.retry')}
              </button>
            </div>
          )}
        </Show>
        <button
          type="button"
          class="primary"
          onClick={() => void syncNow()}
          disabled={running()}
          data-testid="sync-now"
        >
          {running() ? t('sync.running') : t('sync.now')}
        </button>
      </Show>
    </section>
  );
}

import { createSignal, Match, onCleanup, Show, Switch } from 'solid-js';
import { onUpgradeRequired } from '../../db/connection';
import { t } from '../i18n';
import { saveFailure, saveState } from '../state/save-status';
import { applyUpdate, dismissUpdate, offlineReady, updateWaiting } from '../sw-bridge';

/** Save status, storage errors and update prompts, always in the same place. */
export function StatusBar() {
  const [upgradeRequired, setUpgradeRequired] = createSignal(false);
  onCleanup(onUpgradeRequired(() => setUpgradeRequired(true)));
  return (
    <div class="status-bar">
      <Show when={upgradeRequired()}>
        <div class="banner banner-error" role="alert">
          <span>{t('upgrade.required')}</span>
          <button type="button" onClick={() => window.location.reload()}>
            {t('update.reload')}
          </button>
        </div>
      </Show>
      <Show when={updateWaiting()}>
        <div class="banner banner-info" role="status">
          <span>{t('update.available')}</span>
          <button type="button" onClick={applyUpdate}>
            {t('update.reload')}
          </button>
          <button type="button" class="ghost" onClick={dismissUpdate}>
            {t('update.later')}
          </button>
        </div>
      </Show>
      <Show when={saveFailure()}>
        {(failed) => (
          <div class="banner banner-error" role="alert" data-testid="save-error">
            <span>{failed().message}</span>
            <button type="button" onClick={() => failed().retry()}>
              {t('save.retry')}
            </button>
          </div>
        )}
      </Show>
      <Switch>
        <Match when={saveState().kind === 'saving'}>
          <p class="save-indicator" aria-live="polite">
            {t('save.saving')}
          </p>
        </Match>
        <Match when={saveState().kind === 'saved'}>
          <p class="save-indicator saved" aria-live="polite" data-testid="saved">
            ✓ {t('save.saved')}
          </p>
        </Match>
        <Match when={offlineReady()}>
          <p class="save-indicator" aria-live="polite">
            {t('update.offlineReady')}
          </p>
        </Match>
      </Switch>
    </div>
  );
}

import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { createResource, Show } from 'solid-js';
import { getSetting, setSetting } from '../../db/settings';
import { t } from '../i18n';
import { save } from '../state/save-status';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

const SEEN = 'notice.secrecy.seen';

/**
 * Shown until the inspector acknowledges it: this app is not for classified content
 * (涉密信息不上网 — the phone syncs over ordinary networks and holds no secrecy approval).
 */
export function SecrecyNotice() {
  const [seen, { mutate }] = createResource(() => getSetting<boolean>(SEEN).then((v) => v === true));
  const acknowledge = () => {
    mutate(true);
    void save(() => setSetting(SEEN, true));
  };
  return (
    <Show
      when={seen() === false}
      // Acknowledged: nothing to show (the marker lets a test tell "read" from "not loaded yet").
      fallback={<Show when={seen()}>{<span hidden data-testid="secrecy-acknowledged" />}</Show>}
    >
      <aside class="banner banner-info secrecy-notice" role="note" data-testid="secrecy-notice">
        <span>
          <strong>{t('notice.secrecy.title')}</strong> {t('notice.secrecy.body')}
        </span>
        <button type="button" onClick={acknowledge}>
          {t('notice.secrecy.ok')}
        </button>
      </aside>
    </Show>
  );
}

import { Match, Switch, type JSX } from 'solid-js';
import { t } from '../i18n';
import type { BundleState, LoadedBundle } from '../state/bundle';

/** Render children once the inspection and its template are loaded; explain otherwise. */
export function Loaded(props: { state: BundleState; children: (b: () => LoadedBundle) => JSX.Element }) {
  const ready = () => {
    const b = props.state.bundle;
    return b?.template ? (b as LoadedBundle) : undefined;
  };
  return (
    <Switch>
      <Match when={ready()}>{(b) => props.children(b)}</Match>
      <Match when={props.state.loading}>
        <p class="muted page">{t('common.loading')}</p>
      </Match>
      <Match when={props.state.bundle}>
        {(b) => (
          <p class="error page" role="alert">
            {t('error.templateMissing', { id: b().inspection.template.id, version: b().inspection.template.version })}
          </p>
        )}
      </Match>
      <Match when={!props.state.bundle}>
        <p class="error page" role="alert">
          {t('error.notFound')}
        </p>
      </Match>
    </Switch>
  );
}

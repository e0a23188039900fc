import { createResource, createSignal, For, Show } from 'solid-js';
import type { ChecklistItem } from '../../../shared/checklist';
import type { RecordHistoryResponse } from '../../../shared/sync-protocol';
import { OfflineError } from '../../../sync/api';
import { t } from '../../i18n';
import { serverApi } from '../../state/server';
import { account } from '../../state/sync';
import { describeVersion, type HistoryKind } from './describe';

type Loaded = { ok: true; history: RecordHistoryResponse } | { ok: false; message: string };

/**
 * A record's versions as the server keeps them (value, who, when), one tap away. The
 * server holds every version; the phone only its current one, so this needs the network.
 */
export function RecordHistory(props: {
  inspectionId: string;
  kind: HistoryKind;
  recordId: string;
  item?: ChecklistItem;
}) {
  const [open, setOpen] = createSignal(false);
  const [loaded] = createResource(
    () => (open() ? { id: props.inspectionId, kind: props.kind, record: props.recordId } : undefined),
    async ({ id, kind, record }): Promise<Loaded> => {
      const api = serverApi();
      if (!api) return { ok: false, message: t('server.signedOut') };
      try {
        return { ok: true, history: await api.history(id, kind, record) };
      } catch (err) {
        return {
          ok: false,
          message:
            err instanceof OfflineError ? t('history.offline') : err instanceof Error ? err.message : String(err),
        };
      }
    },
  );
  const when = (at: number) => new Date(at).toLocaleString();
  return (
    <Show when={account()}>
      <div class="record-history" data-testid="record-history" data-kind={props.kind}>
        <button
          type="button"
          class="ghost small"
          aria-expanded={open()}
          data-testid="history-toggle"
          onClick={() => setOpen(!open())}
        >
          {t('history.show')}
        </button>
        <Show when={open()}>
          <Show when={loaded()} fallback={<p class="muted small">{t('common.loading')}</p>}>
            {(l) => (
              <Show
                when={l().ok && (l() as Extract<Loaded, { ok: true }>).history}
                fallback={<p class="muted small">{(l() as Extract<Loaded, { ok: false }>).message}</p>}
              >
                {(history) => (
                  <Show when={history().versions.length > 0} fallback={<p class="muted small">{t('history.none')}</p>}>
                    <ol class="versions">
                      <For each={history().versions}>
                        {(v) => (
                          <li classList={{ current: v.current }} data-testid="history-version">
                            <span class="version-text">{describeVersion(props.kind, v.record, props.item)}</span>{' '}
                            <span class="muted small">
                              {t('history.by', { by: v.by || '—', at: when(v.at) })}
                              {v.current ? ` · ${t('history.current')}` : ''}
                            </span>
                          </li>
                        )}
                      </For>
                    </ol>
                  </Show>
                )}
              </Show>
            )}
          </Show>
        </Show>
      </div>
    </Show>
  );
}

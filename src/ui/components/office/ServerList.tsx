import { registerLazyMessages } from '../../i18n/zh-CN-lazy';
import { useNavigate } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, onCleanup, Show } from 'solid-js';
import type { InspectionListResponse, Person } from '../../../shared/sync-protocol';
import { OfflineError, SyncRequestError } from '../../../sync/api';
import { openFromServer } from '../../../sync/on-demand';
import { t } from '../../i18n';
import { NO_FILTER, queryOf, type OfficeFilter } from '../../state/office-filter';
import { serverApi } from '../../state/server';
import { account, canReview } from '../../state/sync';
import { OfficeFilters } from './OfficeFilters';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

const PAGE_SIZE = 20;
/** Typing in the unit box asks the server once the typing pauses, not per key. */
const TYPING_PAUSE_MS = 300;

type Listing = { ok: true; list: InspectionListResponse } | { ok: false; message: string };

/**
 * The server's list of inspections: the organisation's for reviewers and admins, the
 * user's own for inspectors. Filtered, sorted and paged on the server; opening one
 * downloads that inspection alone (its photos come as they are shown).
 */
export function ServerList(props: { onDevice: ReadonlySet<string> }) {
  const navigate = useNavigate();
  const [filter, setFilter] = createSignal<OfficeFilter>(NO_FILTER);
  const [asked, setAsked] = createSignal<OfficeFilter>(NO_FILTER);
  const [page, setPage] = createSignal(1);
  const [opening, setOpening] = createSignal<string>();
  const [openError, setOpenError] = createSignal<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const change = (next: OfficeFilter) => {
    const typed = next.unit !== filter().unit;
    setFilter(next);
    clearTimeout(timer);
    const ask = () => {
      setPage(1);
      setAsked(next);
    };
    if (typed) timer = setTimeout(ask, TYPING_PAUSE_MS);
    else ask();
  };

  const [people] = createResource(
    () => (canReview() ? account()?.token : undefined),
    async (): Promise<Person[]> => {
      const api = serverApi();
      if (!api) return [];
      try {
        return (await api.people()).people.filter((p) => p.role !== 'reviewer');
      } catch {
        return []; // the inspector filter is a help; the list still works without it
      }
    },
  );

  const [listing] = createResource(
    () => ({ filter: asked(), page: page(), token: account()?.token }),
    async ({ filter: f, page: p }): Promise<Listing> => {
      const api = serverApi();
      if (!api) return { ok: false, message: t('server.signedOut') };
      try {
        return { ok: true, list: await api.listInspections(queryOf(f, p, PAGE_SIZE)) };
      } catch (err) {
        return { ok: false, message: messageOf(err) };
      }
    },
  );
  const pages = createMemo(() => {
    const l = listing();
    return l?.ok ? Math.max(1, Math.ceil(l.list.total / l.list.pageSize)) : 1;
  });

  const open = async (id: string) => {
    const api = serverApi();
    const signedIn = account();
    if (!api || !signedIn) return;
    setOpening(id);
    setOpenError(undefined);
    try {
      if (await openFromServer(api, id, signedIn)) navigate(`/i/${id}`);
      else setOpenError(t('server.gone'));
    } catch (err) {
      setOpenError(messageOf(err));
    } finally {
      setOpening(undefined);
    }
  };

  return (
    <section class="server-list" data-testid="server-list" aria-labelledby="server-list-title">
      <h2 id="server-list-title">{t('server.title')}</h2>
      <p class="muted small">{canReview() ? t('server.hintReviewer') : t('server.hintInspector')}</p>
      <OfficeFilters value={filter()} people={people() ?? []} onChange={change} />
      <Show when={openError()}>
        {(message) => (
          <p class="banner banner-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <Show when={listing()} fallback={<p class="muted">{t('common.loading')}</p>}>
        {(l) => (
          <Show
            when={l().ok && (l() as Extract<Listing, { ok: true }>).list}
            fallback={
              <p class="banner banner-info" data-testid="server-list-error">
                {(l() as Extract<Listing, { ok: false }>).message}
              </p>
            }
          >
            {(list) => (
              <>
                <Show when={list().items.length > 0} fallback={<p class="empty">{t('office.none')}</p>}>
                  <ul class="cards" data-testid="server-rows">
                    <For each={list().items}>
                      {(item) => (
                        <li class="card inspection-card" data-inspection-id={item.id}>
                          <strong class="unit">{item.unit}</strong>
                          <span class="muted">{item.date}</span>
                          <Show when={item.status !== 'open'}>
                            <span class={`status-tag ${item.status}`} data-testid="status-tag">
                              {t(`office.status.${item.status}`)}
                            </span>
                          </Show>
                          <span class="muted small participants">{item.participants.join(t('evidence.listJoin'))}</span>
                          <Show when={props.onDevice.has(item.id)}>
                            <span class="muted small">{t('server.onDevice')}</span>
                          </Show>
                          <button
                            type="button"
                            class="small"
                            disabled={opening() !== undefined}
                            onClick={() => void open(item.id)}
                          >
                            {opening() === item.id ? t('server.opening') : t('server.open')}
                          </button>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
                <nav class="pager row" aria-label={t('server.title')}>
                  <button type="button" class="small" disabled={page() <= 1} onClick={() => setPage(page() - 1)}>
                    {t('server.prev')}
                  </button>
                  <span class="muted small" data-testid="server-page">
                    {t('server.page', { page: list().page, pages: pages(), total: list().total })}
                  </span>
                  <button type="button" class="small" disabled={page() >= pages()} onClick={() => setPage(page() + 1)}>
                    {t('server.next')}
                  </button>
                </nav>
              </>
            )}
          </Show>
        )}
      </Show>
    </section>
  );
}

function messageOf(err: unknown): string {
  if (err instanceof OfflineError) return t('server.offline');
  if (err instanceof SyncRequestError) return t('server.failed', { message: err.message });
  return t('server.failed', { message: err instanceof Error ? err.message : String(err) });
}

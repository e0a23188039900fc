import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import type { Participant, Person } from '../../../shared/sync-protocol';
import { OfflineError, SyncRequestError } from '../../../sync/api';
import { addParticipant, participantsOf, removeParticipant } from '../../../sync/participants';
import { t } from '../../i18n';
import { serverApi } from '../../state/server';
import { account, canInspect, syncNow } from '../../state/sync';

type Loaded = { ok: true; participants: Participant[]; people: Person[] } | { ok: false; message: string };

/**
 * Who takes part in the inspection, and adding a colleague of the organisation (chosen by
 * name) so their phone receives it. The server decides; this needs the network.
 */
export function Participants(props: { inspectionId: string; onServer: boolean }) {
  const [changing, setChanging] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [loaded, { mutate }] = createResource(
    () => (props.onServer && account() ? { id: props.inspectionId, token: account()!.token } : undefined),
    async ({ id }): Promise<Loaded> => {
      const api = serverApi();
      if (!api) return { ok: false, message: t('participants.offline') };
      try {
        const [{ participants }, { people }] = await Promise.all([participantsOf(api, id), api.people()]);
        return { ok: true, participants, people };
      } catch (err) {
        return { ok: false, message: messageOf(err) };
      }
    },
  );
  const me = () => account()?.user.id;
  const choices = createMemo(() => {
    const l = loaded();
    if (!l?.ok) return [];
    const taken = new Set(l.participants.map((p) => p.userId));
    // Reviewers review from the office list: only inspectors and admins take part.
    return l.people.filter((p) => p.role !== 'reviewer' && !taken.has(p.id));
  });
  const mayRemove = (p: Participant) => {
    const l = loaded();
    if (!l?.ok || p.creator) return false;
    // As the server decides: the creator and admins remove anyone, and anyone may leave.
    return (
      account()?.user.role === 'admin' ||
      p.userId === me() ||
      l.participants.some((q) => q.creator && q.userId === me())
    );
  };

  const run = async (change: () => Promise<{ participants: Participant[] }>) => {
    setChanging(true);
    setError(undefined);
    try {
      const { participants } = await change();
      const l = loaded();
      if (l?.ok) mutate({ ...l, participants });
    } catch (err) {
      setError(t('participants.failed', { message: messageOf(err) }));
    } finally {
      setChanging(false);
    }
  };
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const select = (event.currentTarget as HTMLFormElement).elements.namedItem('person') as HTMLSelectElement;
    const userId = Number(select.value);
    const api = serverApi();
    const inspectionId = props.inspectionId;
    if (!userId || !api) return;
    void run(() => addParticipant(api, inspectionId, userId));
  };
  const remove = (p: Participant) => {
    const api = serverApi();
    const inspectionId = props.inspectionId;
    if (!api || !window.confirm(t('participants.removeConfirm', { name: p.name }))) return;
    void run(() => removeParticipant(api, inspectionId, p.userId));
  };

  return (
    <section class="participants" data-testid="participants" aria-labelledby="participants-title">
      <h2 id="participants-title">{t('participants.title')}</h2>
      <Show
        when={props.onServer}
        fallback={
          <p class="muted small">
            {t('participants.notSynced')}{' '}
            <Show when={account()}>
              <button type="button" class="small" onClick={() => void syncNow()}>
                {t('sync.now')}
              </button>
            </Show>
          </p>
        }
      >
        <Show when={loaded()} fallback={<p class="muted small">{t('common.loading')}</p>}>
          {(l) => (
            <Show
              when={l().ok && (l() as Extract<Loaded, { ok: true }>)}
              fallback={<p class="muted small">{(l() as Extract<Loaded, { ok: false }>).message}</p>}
            >
              {(ok) => (
                <>
                  <ul class="participant-list">
                    <For each={ok().participants}>
                      {(p) => (
                        <li data-user-id={p.userId}>
                          <span class="participant-name">{p.name}</span>{' '}
                          <span class="muted small">
                            {p.creator
                              ? t('participants.creator')
                              : p.addedBy
                                ? t('participants.addedBy', { name: p.addedBy })
                                : ''}
                          </span>
                          <Show when={mayRemove(p)}>
                            <button
                              type="button"
                              class="icon danger"
                              aria-label={t('participants.remove', { name: p.name })}
                              disabled={changing()}
                              onClick={() => remove(p)}
                            >
                              ✕
                            </button>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                  <Show when={canInspect() && choices().length > 0}>
                    <p class="muted small">{t('participants.hint')}</p>
                    <form class="row add-participant" onSubmit={add}>
                      <label>
                        {t('participants.choose')}
                        <select name="person">
                          <For each={choices()}>{(p) => <option value={String(p.id)}>{p.name}</option>}</For>
                        </select>
                      </label>
                      <button type="submit" class="small" disabled={changing()}>
                        {t('participants.add')}
                      </button>
                    </form>
                  </Show>
                </>
              )}
            </Show>
          )}
        </Show>
      </Show>
      <Show when={error()}>
        {(message) => (
          <p class="banner banner-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
    </section>
  );
}

function messageOf(err: unknown): string {
  if (err instanceof OfflineError) return t('participants.offline');
  if (err instanceof SyncRequestError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

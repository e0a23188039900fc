import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { lockStatus, resetPin, setIdleMinutes, DEFAULT_IDLE_MINUTES } from '../../db/at-rest/lock';
import { t } from '../i18n';
import { lockNow, setArmedMinutes } from './idle';
import { PinSetup } from './PinSetup';
import { setUpLockHere } from './setup';

const IDLE_CHOICES = [1, 2, 5, 10, 15, 30];

/** The account page's app lock: set it up (a phone never signed in), change the PIN, the idle time, lock now. */
export function LockSettings() {
  const [status, { refetch }] = createResource(lockStatus);
  const [editing, setEditing] = createSignal(false);
  const [note, setNote] = createSignal<string>();
  return (
    <section class="lock-settings" data-testid="lock-settings">
      <h2>{t('lock.section')}</h2>
      <Switch>
        <Match when={status()?.kind === 'none'}>
          <p class="warn">{t('lock.none')}</p>
          <PinSetup
            title={t('lock.setup.title')}
            intro={t('lock.setup.intro', { minutes: DEFAULT_IDLE_MINUTES })}
            onPin={(pin) =>
              setUpLockHere(pin).then(({ tied, account }) => {
                setNote(tied ? undefined : t(account ? 'lock.setup.offline' : 'lock.setup.noRecovery'));
                void refetch();
              })
            }
          />
        </Match>
        <Match when={status()?.kind === 'open' && status()}>
          {(open) => (
            <>
              <p>{t('lock.on')}</p>
              <label>
                {t('lock.idle')}{' '}
                <select
                  data-testid="lock-idle"
                  onChange={(e) => {
                    const minutes = Number(e.currentTarget.value);
                    void setIdleMinutes(minutes).then(() => setArmedMinutes(minutes));
                  }}
                >
                  <For each={IDLE_CHOICES}>
                    {(n) => (
                      <option
                        value={n}
                        selected={open().kind === 'open' && (open() as { idleMinutes: number }).idleMinutes === n}
                      >
                        {t('lock.minutes', { n })}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <Show
                when={editing()}
                fallback={
                  <div class="actions">
                    <button type="button" onClick={() => setEditing(true)}>
                      {t('lock.change')}
                    </button>
                    <button type="button" data-testid="lock-now" onClick={() => lockNow()}>
                      {t('lock.now')}
                    </button>
                  </div>
                }
              >
                <PinSetup
                  title={t('lock.change')}
                  onPin={(pin) =>
                    resetPin(pin).then(() => {
                      setEditing(false);
                      setNote(t('lock.changed'));
                    })
                  }
                />
              </Show>
            </>
          )}
        </Match>
      </Switch>
      <Show when={note()}>
        <p class="muted" role="status">
          {note()}
        </p>
      </Show>
    </section>
  );
}

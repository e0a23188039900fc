import { createSignal, Match, onCleanup, Show, Switch } from 'solid-js';
import { lockStatus, resetPin, unlockWithPin, type LockStatus } from '../../db/at-rest/lock';
import { describeLoginError } from '../state/login-error';
import { t } from '../i18n';
import { PinSetup } from './PinSetup';
import { recoverBySignIn, RecoveryRefusedError } from './recover';

type Locked = Extract<LockStatus, { kind: 'locked' }>;

/**
 * All a locked app shows: no record is read until the PIN opens the key. After too many
 * wrong PINs, signing in online as the phone's user opens it instead, and a new PIN is set.
 */
export function LockScreen(props: { status: Locked; onOpen: () => void }) {
  // The status the screen opened with; it follows the vault from then on (refresh).
  // eslint-disable-next-line solid/reactivity
  const [status, setStatus] = createSignal<Locked>(props.status);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [recovered, setRecovered] = createSignal(false);
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(tick));
  let pinForm!: HTMLFormElement;
  let signInForm!: HTMLFormElement;

  const refresh = async () => {
    const next = await lockStatus();
    if (next.kind === 'locked') setStatus(next);
  };
  const waiting = () => {
    const until = status().waitUntil;
    return until !== undefined && until > now() ? Math.ceil((until - now()) / 1000) : 0;
  };

  const submitPin = async (event: SubmitEvent) => {
    event.preventDefault();
    const pin = String(new FormData(pinForm).get('pin') ?? '');
    setBusy(true);
    setError(undefined);
    try {
      const result = await unlockWithPin(pin);
      if (result.ok) return props.onOpen();
      pinForm.reset();
      if (result.reason === 'wrong') setError(t('lock.wrong', { n: result.triesLeft }));
      await refresh();
    } catch (err) {
      setError(t('lock.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  const newPin = async (pin: string) => {
    await resetPin(pin);
    props.onOpen();
  };

  const submitSignIn = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(signInForm);
    setBusy(true);
    setError(undefined);
    try {
      await recoverBySignIn(String(data.get('name') ?? ''), String(data.get('password') ?? ''));
      setRecovered(true);
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page narrow lock-screen" data-testid="lock-screen">
      <h1>{t('lock.title')}</h1>
      <Show when={status().user}>
        <p class="muted">{t('lock.owner', { name: status().user ?? '', org: status().organisation ?? '' })}</p>
      </Show>
      <Switch>
        <Match when={recovered()}>
          <PinSetup title={t('lock.change')} onPin={newPin} />
        </Match>
        <Match when={status().signInRequired}>
          <form ref={signInForm} class="form" data-testid="lock-sign-in" onSubmit={(e) => void submitSignIn(e)}>
            <p class="banner banner-info">{t('lock.signInRequired', { name: status().user ?? '' })}</p>
            <label>
              {t('login.name')}
              <input name="name" autocomplete="username" required maxLength={60} value={status().user ?? ''} />
            </label>
            <label>
              {t('login.password')}
              <input name="password" type="password" autocomplete="current-password" required maxLength={200} />
            </label>
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? t('login.busy') : t('lock.recover')}
            </button>
          </form>
        </Match>
        <Match when={true}>
          <form ref={pinForm} class="form" data-testid="lock-pin" onSubmit={(e) => void submitPin(e)}>
            <label>
              {t('lock.pin')}
              <input name="pin" type="password" autocomplete="current-password" required maxLength={128} autofocus />
            </label>
            <Show when={waiting() > 0}>
              <p class="banner banner-info" role="status">
                {t('lock.wait', { time: formatWait(waiting()) })}
              </p>
            </Show>
            <button type="submit" class="primary" disabled={busy() || waiting() > 0}>
              {busy() ? t('lock.unlocking') : t('lock.unlock')}
            </button>
          </form>
        </Match>
      </Switch>
      <Show when={error()}>
        <p class="banner banner-error" role="alert" data-testid="lock-error">
          {error()}
        </p>
      </Show>
    </section>
  );
}

function formatWait(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function describe(err: unknown): string {
  return err instanceof RecoveryRefusedError ? t('lock.recoverFailed') : describeLoginError(err);
}

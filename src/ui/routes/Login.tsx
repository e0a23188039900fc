import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { useNavigate } from '@solidjs/router';
import { createSignal, onCleanup, Show } from 'solid-js';
import { getOwner } from '../../db/account';
import { lockStatus, rememberServer, removeLock, DEFAULT_IDLE_MINUTES } from '../../db/at-rest/lock';
import { clearLocalData, OtherOwnerError, saveAccount } from '../../db/sign-in';
import type { LoginResponse } from '../../shared/sync-protocol';
import { createApi } from '../../sync/api';
import { describeLoginError } from '../state/login-error';
import { withSyncLock } from '../../sync/scheduler';
import { t } from '../i18n';
import { reloadAccount, syncNow } from '../state/sync';
import { keptAccount, serverRecovery } from '../lock/kept-account';
import { PinSetup } from '../lock/PinSetup';
import { announce } from '../lock/channel';
import { setUpLockHere } from '../lock/setup';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

/** Sign in once, online; the device keeps its token and works offline after that. */
export default function Login() {
  const navigate = useNavigate();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  // Signed in, but this phone holds another person's records: they go only if the user says so.
  const [blocked, setBlocked] = createSignal<{ error: OtherOwnerError; session: LoginResponse }>();
  // Signed in on a phone with no app lock yet: the PIN comes next, before anything else.
  const [pinFor, setPinFor] = createSignal<LoginResponse>();
  let form!: HTMLFormElement;

  const keep = async (session: LoginResponse) => {
    const { account, previousDevice } = keptAccount(session);
    await saveAccount(account, previousDevice);
    await reloadAccount();
  };
  const proceed = async (session: LoginResponse) => {
    // A phone already locked ties the lock to the new device (a forgotten PIN is
    // recovered through it); one without a lock sets it up now.
    // Someone else's lock (their records were cleared for this user) is not this user's
    // PIN: compared by ids, as two people may share a name. A lock set up before any
    // sign-in is the phone's, whose records become this user's (as saveAccount says).
    const status = await lockStatus();
    const owner = status.kind === 'open' ? status.owner : undefined;
    if (
      status.kind === 'open' &&
      (!owner || (owner.userId === session.user.id && owner.organisationId === session.organisation.id))
    )
      await rememberServer(serverRecovery(session));
    else return void setPinFor(session);
    done();
  };
  const done = () => {
    // Send what was recorded before signing in, and fetch the organisation's records.
    void syncNow();
    navigate('/', { replace: true });
  };

  // The server issued a token this phone will not keep: revoke it, so no live session is
  // left behind on the server for a device that never used it.
  const abandon = async () => {
    const pending = blocked();
    setBlocked(undefined);
    if (pending)
      await createApi(pending.session.token)
        .logout()
        .catch(() => undefined);
  };
  onCleanup(() => void abandon());

  const replaceOwner = async () => {
    const pending = blocked();
    if (!pending) return;
    if (!window.confirm(t('login.replaceConfirm'))) return void abandon();
    setBusy(true);
    try {
      announce('locking-out');
      await clearLocalData();
      // The lock goes with the records it kept: this user sets their own PIN.
      await removeLock();
      announce('removed');
      setBlocked(undefined);
      await keep(pending.session);
      await proceed(pending.session);
    } catch (err) {
      setError(describeLoginError(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(form);
    const deviceLabel = String(data.get('deviceLabel') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      // No sync in any tab between the server settling this phone's previous device and
      // the outbox being renumbered for the new one.
      await withSyncLock(async () => {
        const owner = await getOwner();
        const session = await createApi(undefined).login({
          name: String(data.get('name') ?? ''),
          password: String(data.get('password') ?? ''),
          ...(deviceLabel ? { deviceLabel } : {}),
          // Lets the server say which of this phone's numbered entries it already settled.
          ...(owner ? { previousDeviceId: owner.deviceId } : {}),
        });
        try {
          await keep(session);
          return session;
        } catch (err) {
          if (!(err instanceof OtherOwnerError)) throw err;
          setBlocked({ error: err, session });
          return undefined;
        }
      }).then((kept) => kept && proceed(kept));
    } catch (err) {
      setError(describeLoginError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show when={!pinFor()} fallback={<LockAfterSignIn session={pinFor()!} onDone={done} />}>
      <section class="page narrow">
        <h1>{t('login.title')}</h1>
        <p class="muted">{t('login.intro')}</p>
        <form ref={form} class="form" onSubmit={(e) => void submit(e)} data-testid="login-form">
          <label>
            {t('login.name')}
            <input name="name" autocomplete="username" required maxLength={60} />
          </label>
          <label>
            {t('login.password')}
            <input name="password" type="password" autocomplete="current-password" required maxLength={200} />
          </label>
          <label>
            {t('login.device')}
            <input name="deviceLabel" maxLength={100} placeholder={t('login.devicePlaceholder')} />
          </label>
          <Show when={blocked()}>
            {(b) => (
              <div class="banner banner-error" role="alert" data-testid="login-other-owner">
                <span>
                  {t('login.otherOwner', {
                    name: b().error.owner.user.name,
                    org: b().error.owner.organisation.name,
                  })}
                </span>
                <button type="button" class="danger" disabled={busy()} onClick={() => void replaceOwner()}>
                  {t('login.replace')}
                </button>
                <button type="button" disabled={busy()} data-testid="login-keep-owner" onClick={() => void abandon()}>
                  {t('common.cancel')}
                </button>
              </div>
            )}
          </Show>
          <Show when={error()}>
            <p class="banner banner-error" role="alert" data-testid="login-error">
              {error()}
            </p>
          </Show>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? t('login.busy') : t('login.submit')}
          </button>
        </form>
      </section>
    </Show>
  );
}

/** The PIN step of signing in: the lock is tied to the device the server just made. */
function LockAfterSignIn(props: { session: LoginResponse; onDone: () => void }) {
  const chosen = async (pin: string) => {
    await setUpLockHere(pin, serverRecovery(props.session));
    props.onDone();
  };
  return (
    <section class="page narrow" data-testid="login-pin">
      <PinSetup
        title={t('lock.setup.title')}
        intro={t('lock.setup.intro', { minutes: DEFAULT_IDLE_MINUTES })}
        onPin={chosen}
      />
    </section>
  );
}

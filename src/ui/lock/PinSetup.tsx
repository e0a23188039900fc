import { createSignal, Show } from 'solid-js';
import { MIN_PIN_LENGTH } from '../../db/at-rest/lock';
import { t } from '../i18n';

/** Choose a PIN (typed twice). `onPin` does the work; its error is shown and the form stays. */
export function PinSetup(props: { title: string; intro?: string; onPin: (pin: string) => Promise<void> }) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  let form!: HTMLFormElement;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(form);
    const pin = String(data.get('pin') ?? '');
    if (pin.length < MIN_PIN_LENGTH) return setError(t('lock.setup.tooShort', { n: MIN_PIN_LENGTH }));
    if (pin !== String(data.get('confirm') ?? '')) return setError(t('lock.setup.mismatch'));
    setBusy(true);
    setError(undefined);
    try {
      await props.onPin(pin);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={form} class="form" data-testid="pin-setup" onSubmit={(e) => void submit(e)}>
      <h2>{props.title}</h2>
      <Show when={props.intro}>
        <p class="muted">{props.intro}</p>
      </Show>
      <label>
        {t('lock.setup.newPin', { n: MIN_PIN_LENGTH })}
        <input
          name="pin"
          type="password"
          autocomplete="new-password"
          required
          minLength={MIN_PIN_LENGTH}
          maxLength={128}
        />
      </label>
      <label>
        {t('lock.setup.confirm')}
        <input name="confirm" type="password" autocomplete="new-password" required maxLength={128} />
      </label>
      <Show when={error()}>
        <p class="banner banner-error" role="alert">
          {error()}
        </p>
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {busy() ? t('lock.setup.busy') : t('lock.setup.submit')}
      </button>
    </form>
  );
}

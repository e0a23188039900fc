import { Show } from 'solid-js';
import { t } from '../../i18n';

/** What is being signed: the digest of the stored content, and why a signature was not taken. */
export function SignedDigest(props: { digest: string | undefined; notice: string }) {
  return (
    <>
      <h2>{t('sign.digest')}</h2>
      <p class="digest" data-testid="digest">
        {props.digest ?? t('common.loading')}
      </p>
      <Show when={props.notice}>
        <p class="error" role="alert">
          {props.notice}
        </p>
      </Show>
    </>
  );
}

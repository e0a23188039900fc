import { For, Show } from 'solid-js';
import type { Signature } from '../../../shared/evidence';
import { t } from '../../i18n';
import { canInspect } from '../../state/sync';
import { roleLabelKey, signatureOf, type SignerSlot } from './signers';

/** Who signs: each signer's card, with their signature once given. */
export function SignerList(props: {
  slots: SignerSlot[];
  signatures: readonly Signature[];
  /** The digest on screen, which the signer signs (undefined while it is worked out). */
  digest: string | undefined;
  onSign: (slot: SignerSlot, shown: string) => void;
}) {
  return (
    <>
      <h2>{t('sign.signers')}</h2>
      <ul class="cards" data-testid="signers">
        <For each={props.slots}>
          {(slot) => (
            <SignerCard
              slot={slot}
              signature={signatureOf(slot, props.signatures)}
              digest={props.digest}
              onSign={(shown) => props.onSign(slot, shown)}
            />
          )}
        </For>
      </ul>
    </>
  );
}

function SignerCard(props: {
  slot: SignerSlot;
  signature: Signature | undefined;
  digest: string | undefined;
  onSign: (shown: string) => void;
}) {
  return (
    <li class="card signer" data-role={props.slot.role}>
      <p>
        <strong>{props.signature?.name ?? props.slot.name}</strong>{' '}
        <span class="muted">{t(roleLabelKey(props.slot.role))}</span>
      </p>
      <Show
        when={props.signature}
        fallback={
          <button
            type="button"
            class="primary"
            // Reviewers read the record; only the people who inspected sign it.
            disabled={!props.digest || !canInspect()}
            onClick={() => {
              const shown = props.digest;
              if (shown) props.onSign(shown);
            }}
          >
            {t('sign.sign')}
          </button>
        }
      >
        {(s) => (
          <p class="signed" data-testid="signed">
            ✓ {t('sign.signed', { time: new Date(s().signedAt).toLocaleString() })}
            <Show when={s().captured}>
              {(c) => (
                <small class="muted" data-testid="captured">
                  {' '}
                  {t('sign.captured', { by: c().by, time: new Date(c().receivedAt).toLocaleString() })}
                </small>
              )}
            </Show>
          </p>
        )}
      </Show>
    </li>
  );
}

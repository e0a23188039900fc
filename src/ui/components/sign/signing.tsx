import { createSignal, Show } from 'solid-js';
import { addSignature, ContentChangedError, signedContent } from '../../../db';
import { contentProblem } from '../../../shared/content-check';
import { sha256Hex } from '../../../shared/evidence';
import { t } from '../../i18n';
import { reportFailure } from '../../state/save-status';
import { SignaturePadDialog, type SignedImage } from '../SignaturePadDialog';
import { roleLabelKey, type SignerSlot } from './signers';

/** One signer at the pad, and the digest on screen when it opened. */
interface SigningJob {
  slot: SignerSlot;
  shown: string;
}

export type Signing = ReturnType<typeof createSigning>;

/**
 * Taking signatures: the digest is taken when the pad opens, so what the signer saw is what
 * they sign; if the content changed meanwhile the signature is refused and the digest read again.
 */
export function createSigning(inspectionId: () => string, refreshDigest: () => void) {
  const [job, setJob] = createSignal<SigningJob>();
  const [notice, setNotice] = createSignal('');

  const store = async (slot: SignerSlot, shown: string, signed: SignedImage) => {
    setJob(undefined);
    const png = await signed.png.arrayBuffer();
    const pngSha = await sha256Hex(png);
    const id = inspectionId();
    try {
      // Never a signature the server could not prove: content it would refuse is fixed first.
      const problem = contentProblem(await signedContent(id));
      if (problem) return setNotice(t('sign.invalidContent', { problem }));
      await addSignature(id, { role: slot.role, name: signed.name, title: signed.title }, png, pngSha, shown);
      setNotice('');
    } catch (err) {
      if (err instanceof ContentChangedError) {
        setNotice(t('sign.changed'));
        refreshDigest();
      } else reportFailure(err, () => void store(slot, shown, signed));
    }
  };

  return {
    job,
    notice,
    open: async (slot: SignerSlot, shown: string) => {
      const problem = contentProblem(await signedContent(inspectionId()));
      if (problem) setNotice(t('sign.invalidContent', { problem }));
      else setJob({ slot, shown });
    },
    cancel: () => setJob(undefined),
    store,
  };
}

/** The signature pad, while a signer is at it. */
export function SigningPad(props: { signing: Signing }) {
  return (
    <Show when={props.signing.job()}>
      {(job) => (
        <SignaturePadDialog
          heading={t(roleLabelKey(job().slot.role))}
          name={job().slot.name}
          title={job().slot.title}
          nameEditable={job().slot.role === 'representative'}
          onConfirm={(signed) => void props.signing.store(job().slot, job().shown, signed)}
          onCancel={() => props.signing.cancel()}
        />
      )}
    </Show>
  );
}

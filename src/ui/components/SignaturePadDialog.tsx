import { TEXT_LIMITS } from '../../shared/text-limits';
import SignaturePad from 'signature_pad';
import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { t } from '../i18n';

/** 5 cm at 300 dpi: the signature must print crisply at that width. */
const MIN_PNG_WIDTH = 600;

export interface SignedImage {
  name: string;
  title: string;
  png: Blob;
}

/** Sign with a finger; clear and redo until the signer confirms. */
export function SignaturePadDialog(props: {
  heading: string;
  name: string;
  title: string;
  nameEditable: boolean;
  onConfirm: (signed: SignedImage) => void;
  onCancel: () => void;
}) {
  let dialog: HTMLDialogElement | undefined;
  let canvas: HTMLCanvasElement | undefined;
  let pad: SignaturePad | undefined;
  const [name, setName] = createSignal('');
  const [title, setTitle] = createSignal('');
  const [error, setError] = createSignal('');

  onMount(() => {
    setName(props.name);
    setTitle(props.title);
    dialog?.showModal();
    if (!canvas) return;
    // Back the canvas with enough pixels for print, whatever the screen density.
    const cssWidth = canvas.getBoundingClientRect().width || 320;
    const ratio = Math.max(window.devicePixelRatio || 1, MIN_PNG_WIDTH / cssWidth);
    canvas.width = Math.round(cssWidth * ratio);
    canvas.height = Math.round(canvas.getBoundingClientRect().height * ratio || 180 * ratio);
    canvas.getContext('2d')?.scale(ratio, ratio);
    // Transparent background: the PNG is laid over the printed record.
    pad = new SignaturePad(canvas, { penColor: '#0a1a3a', minWidth: 1, maxWidth: 3 });
  });
  onCleanup(() => pad?.off());

  const confirm = () => {
    if (!pad || !canvas || pad.isEmpty()) return setError(t('sign.empty'));
    if (!name().trim()) return setError(t('sign.name'));
    const [onConfirm, signer] = [props.onConfirm, { name: name().trim(), title: title().trim() }];
    canvas.toBlob((png) => {
      if (!png) return;
      dialog?.close();
      onConfirm({ ...signer, png });
    }, 'image/png');
  };

  return (
    <dialog ref={dialog} class="viewer sign-dialog" onCancel={() => props.onCancel()}>
      <h2>{props.heading}</h2>
      <div class="row">
        <label>
          {t('sign.name')}
          <input
            maxLength={TEXT_LIMITS.person}
            value={name()}
            readOnly={!props.nameEditable}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('sign.titleField')}
          <input maxLength={TEXT_LIMITS.title} value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
      </div>
      <canvas ref={canvas} class="signature-canvas" aria-label={t('sign.pad')} data-testid="signature-canvas" />
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="row">
        <button type="button" onClick={() => (pad?.clear(), setError(''))}>
          {t('sign.clear')}
        </button>
        <button
          type="button"
          onClick={() => {
            dialog?.close();
            props.onCancel();
          }}
        >
          {t('common.cancel')}
        </button>
        <button type="button" class="primary" onClick={confirm}>
          {t('sign.confirm')}
        </button>
      </div>
    </dialog>
  );
}

import { TEXT_LIMITS } from '../../shared/text-limits';
import { createSignal, onMount, Show, untrack } from 'solid-js';
import { deletePhoto, setPhotoCaption } from '../../db';
import type { Photo } from '../../shared/evidence';
import { t } from '../i18n';
import { save } from '../state/save-status';
import { useBlobUrl } from './PhotoThumb';

/** Full-screen photo: caption, delete (confirmed), annotate. */
export function PhotoViewer(props: { photo: Photo; locked: boolean; onClose: () => void; onAnnotate: () => void }) {
  let dialog: HTMLDialogElement | undefined;
  const url = useBlobUrl(
    () => props.photo.sha256,
    () => props.photo.mime,
  );
  // The field starts from the stored caption and is the user's while the viewer is open.
  const [caption, setCaption] = createSignal(untrack(() => props.photo.caption));
  onMount(() => dialog?.showModal());
  const close = () => {
    dialog?.close();
    props.onClose();
  };
  const remove = async () => {
    const photo = props.photo;
    if (!window.confirm(t('photo.deleteConfirm'))) return;
    // Close only once the delete is committed (save() gives undefined on failure).
    const deleted = await save(async () => {
      await deletePhoto(photo);
      return true;
    });
    if (deleted) close();
  };
  return (
    <dialog ref={dialog} class="viewer" onClose={() => props.onClose()}>
      <Show when={url()}>{(u) => <img src={u()} alt={caption() || t('photo.photo')} />}</Show>
      <p class="muted small">
        {t('photo.meta', {
          size: `${props.photo.width}×${props.photo.height}`,
          kb: Math.round(props.photo.bytes / 1024),
          time: new Date(props.photo.capturedAt).toLocaleString(),
        })}
        <Show when={props.photo.annotatedFrom}> · {t('photo.annotatedCopy')}</Show>
      </p>
      <label>
        {t('photo.caption')}
        <input
          value={caption()}
          readOnly={props.locked}
          maxLength={TEXT_LIMITS.caption}
          onInput={(e) => setCaption(e.currentTarget.value)}
          onChange={(e) => {
            const [photo, text] = [props.photo, e.currentTarget.value.trim()];
            void save(() => setPhotoCaption(photo, text));
          }}
        />
      </label>
      <div class="row">
        <Show when={!props.locked}>
          <button type="button" onClick={() => props.onAnnotate()}>
            {t('photo.annotate')}
          </button>
          <button type="button" class="danger" onClick={() => void remove()}>
            {t('photo.delete')}
          </button>
        </Show>
        <button type="button" class="primary" onClick={close}>
          {t('photo.close')}
        </button>
      </div>
    </dialog>
  );
}

import { createSignal, For, Show } from 'solid-js';
import { addPhoto } from '../../db';
import { CompressionCancelled, compressInWorker } from '../../evidence/photo-compress';
import type { Photo } from '../../shared/evidence';
import type { ItemPlace } from '../../shared/inspection';
import { t } from '../i18n';
import { save, reportFailure } from '../state/save-status';
import { PhotoAnnotator } from './PhotoAnnotator';
import { PhotoThumb } from './PhotoThumb';
import { PhotoViewer } from './PhotoViewer';

export interface PhotoStripProps {
  inspectionId: string;
  place: ItemPlace;
  attachedTo: Photo['attachedTo'];
  photos: Photo[];
  locked: boolean;
  keepLocation: boolean;
}

/** Thumbnails of an item's (or a finding's) photos, with camera and gallery buttons. */
export function PhotoStrip(props: PhotoStripProps) {
  const [busy, setBusy] = createSignal(0);
  const [viewing, setViewing] = createSignal<Photo>();
  const [annotating, setAnnotating] = createSignal<Photo>();

  const store = async (files: readonly File[]) => {
    const { inspectionId, place, attachedTo, keepLocation } = props;
    for (const file of files) {
      setBusy((n) => n + 1);
      try {
        const photo = await compressInWorker(file, { keepLocation });
        await save(() => addPhoto(inspectionId, place, attachedTo, photo));
      } catch (err) {
        // The file stays in memory, so retry redoes exactly this photo.
        if (!(err instanceof CompressionCancelled)) reportFailure(err, () => void store([file]));
      } finally {
        setBusy((n) => n - 1);
      }
    }
  };
  const take = (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    void store(files);
  };

  return (
    <div class="photos" data-attached-to={props.attachedTo}>
      <For each={props.photos}>
        {(p, i) => <PhotoThumb photo={p} label={t('photo.open', { n: i() + 1 })} onOpen={() => setViewing(p)} />}
      </For>
      <Show when={busy() > 0}>
        <span class="thumb busy" role="status">
          {t('photo.processing')}
        </span>
      </Show>
      <Show when={!props.locked}>
        <label class="button small">
          {t('photo.camera')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            class="visually-hidden"
            data-testid="photo-camera"
            onChange={(e) => take(e.currentTarget)}
          />
        </label>
        <label class="button small">
          {t('photo.gallery')}
          <input
            type="file"
            accept="image/*"
            multiple
            class="visually-hidden"
            onChange={(e) => take(e.currentTarget)}
          />
        </label>
      </Show>
      <Show when={viewing()}>
        {(p) => (
          <PhotoViewer
            photo={p()}
            locked={props.locked}
            onClose={() => setViewing(undefined)}
            onAnnotate={() => {
              setAnnotating(p());
              setViewing(undefined);
            }}
          />
        )}
      </Show>
      <Show when={annotating()}>{(p) => <PhotoAnnotator photo={p()} onDone={() => setAnnotating(undefined)} />}</Show>
    </div>
  );
}

import { createResource, onCleanup, Show } from 'solid-js';
import { loadOrFetchBlob } from '../state/blob-on-demand';
import type { Photo } from '../../shared/evidence';

/**
 * An object URL for stored bytes, revoked when the component goes away. Bytes this phone
 * lacks (an inspection opened from the office list) are fetched now, as they are shown.
 */
export function useBlobUrl(sha256: () => string, type: () => string = () => 'image/jpeg') {
  const [url] = createResource(
    () => ({ sha: sha256(), mime: type() }),
    async ({ sha, mime }) => {
      const stored = await loadOrFetchBlob(sha, mime);
      return stored ? URL.createObjectURL(new Blob([stored.data], { type: stored.type })) : undefined;
    },
  );
  onCleanup(() => {
    const u = url();
    if (u) URL.revokeObjectURL(u);
  });
  return url;
}

export function PhotoThumb(props: { photo: Photo; label: string; onOpen: () => void }) {
  const url = useBlobUrl(
    () => props.photo.sha256,
    () => props.photo.mime,
  );
  return (
    <button type="button" class="thumb" aria-label={props.label} onClick={() => props.onOpen()}>
      <Show when={url()}>
        {(u) => <img src={u()} alt="" loading="lazy" decoding="async" data-sha256={props.photo.sha256} />}
      </Show>
    </button>
  );
}

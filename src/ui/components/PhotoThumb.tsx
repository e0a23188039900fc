import { createResource, onCleanup, Show } from 'solid-js';
import { getBlob } from '../../db';
import type { Photo } from '../../shared/evidence';

/** An object URL for stored bytes, revoked when the component goes away. */
export function useBlobUrl(sha256: () => string) {
  const [url] = createResource(sha256, async (sha) => {
    const stored = await getBlob(sha);
    return stored ? URL.createObjectURL(new Blob([stored.data], { type: stored.type })) : undefined;
  });
  onCleanup(() => {
    const u = url();
    if (u) URL.revokeObjectURL(u);
  });
  return url;
}

export function PhotoThumb(props: { photo: Photo; label: string; onOpen: () => void }) {
  const url = useBlobUrl(() => props.photo.sha256);
  return (
    <button type="button" class="thumb" aria-label={props.label} onClick={() => props.onOpen()}>
      <Show when={url()}>
        {(u) => <img src={u()} alt="" loading="lazy" decoding="async" data-sha256={props.photo.sha256} />}
      </Show>
    </button>
  );
}

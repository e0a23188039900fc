import { createSignal, onCleanup, Show } from 'solid-js';
import { t } from '../i18n';

export interface UndoOffer {
  message: string;
  undo: () => void;
}

const [offer, setOffer] = createSignal<UndoOffer | undefined>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** Offer to undo a removal for a few seconds (removal is a soft delete, so undo is exact). */
export function offerUndo(next: UndoOffer): void {
  clearTimeout(timer);
  setOffer(next);
  timer = setTimeout(() => setOffer(undefined), 8000);
}

export function UndoToast() {
  onCleanup(() => clearTimeout(timer));
  return (
    <Show when={offer()}>
      {(o) => (
        <div class="toast" role="status">
          <span>{o().message}</span>
          <button
            type="button"
            onClick={() => {
              o().undo();
              setOffer(undefined);
            }}
          >
            {t('rooms.undo')}
          </button>
        </div>
      )}
    </Show>
  );
}

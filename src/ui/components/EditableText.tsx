import { createEffect, createSignal, Show, splitProps, type JSX } from 'solid-js';
import { createDebouncedSave } from '../state/debounce';

type Common = {
  /** The stored text. */
  value: string;
  /**
   * Called with the text shortly after typing pauses, and on blur; `field` lets a caller
   * see what the text cannot say (a number input reports '' while "6." or "-" is typed).
   */
  onSave: (text: string, field: HTMLInputElement | HTMLTextAreaElement) => void;
  /** The schema's limit (src/shared/text-limits.ts): the field holds no more, and says so as it nears it. */
  limit?: number;
};

/** The count shows once this share of the limit is used. */
const NEAR_LIMIT = 0.8;

type Field = HTMLInputElement | HTMLTextAreaElement;

/**
 * A text field bound to stored data that never overwrites what the user is typing:
 * a stored value arriving while the field has focus (often the echo of our own save,
 * already older than the field) is applied only once the user leaves the field.
 */
export function EditableText(
  props: Common &
    (
      | ({ multiline: true } & Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onInput' | 'onBlur'>)
      | ({ multiline?: false } & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'onBlur'>)
    ),
) {
  const [own, rest] = splitProps(props, ['value', 'onSave', 'multiline', 'limit']);
  const [length, setLength] = createSignal(0);
  const save = createDebouncedSave(({ text, el }: { text: string; el: Field }) => own.onSave(text, el));
  let field: Field | undefined;
  // Typed into since it got focus: only then does leaving the field save anything.
  let dirty = false;
  createEffect(() => {
    const stored = own.value;
    if (field && document.activeElement !== field) {
      field.value = stored;
      setLength(stored.length);
    }
  });
  const handlers = {
    onInput: (e: InputEvent & { currentTarget: Field }) => {
      dirty = true;
      setLength(e.currentTarget.value.length);
      // Mid-composition (pinyin input) the text is not what the user means yet.
      if (!e.isComposing) save.schedule({ text: e.currentTarget.value, el: e.currentTarget });
    },
    onCompositionEnd: (e: CompositionEvent & { currentTarget: Field }) =>
      save.schedule({ text: e.currentTarget.value, el: e.currentTarget }),
    onBlur: (e: FocusEvent & { currentTarget: Field }) => {
      if (dirty) save.flush();
      // Nothing typed: show what is stored (another tab may have changed it meanwhile).
      else e.currentTarget.value = own.value;
      dirty = false;
    },
  };
  return (
    <>
      <Show
        when={own.multiline}
        fallback={
          <input
            ref={(el) => (field = el)}
            maxLength={own.limit}
            {...(rest as JSX.InputHTMLAttributes<HTMLInputElement>)}
            {...handlers}
          />
        }
      >
        <textarea
          ref={(el) => (field = el)}
          maxLength={own.limit}
          {...(rest as JSX.TextareaHTMLAttributes<HTMLTextAreaElement>)}
          {...handlers}
        />
      </Show>
      <Show when={own.limit !== undefined && length() >= own.limit * NEAR_LIMIT}>
        <span class="text-limit muted small" data-testid="text-limit" aria-live="polite">
          {length()}/{own.limit}
        </span>
      </Show>
    </>
  );
}

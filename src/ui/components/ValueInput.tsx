import { TEXT_LIMITS } from '../../shared/text-limits';
import { For, Match, Switch } from 'solid-js';
import type { ChecklistItem } from '../../shared/checklist';
import { loc, t } from '../i18n';
import { EditableText } from './EditableText';

/**
 * The value an item asks for: a number with its unit, a date, text, or a choice. Typed
 * values save as notes do (EditableText: shortly after a pause, on blur, and when the
 * page is hidden), so a killed app keeps what was typed with the cursor still in the field.
 */
export function ValueInput(props: {
  item: ChecklistItem;
  value: string | number | undefined;
  onChange: (value: string | number | undefined) => void;
}) {
  const text = () => (props.value === undefined ? '' : String(props.value));
  const label = () => `${t('item.value')} · ${loc(props.item.text)}`;
  return (
    <div class="value-input">
      <Switch>
        <Match when={props.item.answer === 'number'}>
          <label class="inline">
            <EditableText
              type="number"
              inputmode="decimal"
              step="any"
              aria-label={label()}
              value={text()}
              onSave={(typed, field) => {
                // "6." or "-" half typed: the input reports '' with badInput; saving that
                // would clear the stored value. Wait for a number (or a really empty field).
                if ((field as HTMLInputElement).validity?.badInput) return;
                const raw = typed.trim();
                if (raw !== '' && !Number.isFinite(Number(raw))) return;
                props.onChange(raw === '' ? undefined : Number(raw));
              }}
            />
            <span class="unit">{props.item.unit}</span>
          </label>
        </Match>
        <Match when={props.item.answer === 'date'}>
          <EditableText
            type="date"
            aria-label={label()}
            value={text()}
            // A date with a segment being retyped reports '' with badInput: keep the stored one.
            onSave={(typed, field) => {
              if (!(field as HTMLInputElement).validity?.badInput) props.onChange(typed || undefined);
            }}
          />
        </Match>
        <Match when={props.item.answer === 'text'}>
          <EditableText
            aria-label={label()}
            limit={TEXT_LIMITS.value}
            value={text()}
            onSave={(typed) => props.onChange(typed.trim() || undefined)}
          />
        </Match>
        <Match when={props.item.answer === 'choice'}>
          <div class="choices" role="group" aria-label={label()}>
            <For each={props.item.options ?? []}>
              {(o) => (
                <button
                  type="button"
                  class="choice"
                  aria-pressed={props.value === o.id}
                  onClick={() => props.onChange(o.id)}
                >
                  {loc(o)}
                </button>
              )}
            </For>
          </div>
        </Match>
      </Switch>
    </div>
  );
}

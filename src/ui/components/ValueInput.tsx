import { For, Match, Switch } from 'solid-js';
import type { ChecklistItem } from '../../shared/checklist';
import { loc, t } from '../i18n';

/** The value an item asks for: a number with its unit, a date, text, or a choice. */
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
            <input
              type="number"
              inputmode="decimal"
              step="any"
              aria-label={label()}
              value={text()}
              onChange={(e) => {
                const raw = e.currentTarget.value.trim();
                props.onChange(raw === '' ? undefined : Number(raw));
              }}
            />
            <span class="unit">{props.item.unit}</span>
          </label>
        </Match>
        <Match when={props.item.answer === 'date'}>
          <input
            type="date"
            aria-label={label()}
            value={text()}
            onChange={(e) => props.onChange(e.currentTarget.value || undefined)}
          />
        </Match>
        <Match when={props.item.answer === 'text'}>
          <input
            aria-label={label()}
            value={text()}
            onChange={(e) => props.onChange(e.currentTarget.value.trim() || undefined)}
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

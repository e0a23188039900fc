import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { For } from 'solid-js';
import type { OfficeFilter } from '../state/office-filter';
import { t } from '../i18n';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

const STATUSES = ['all', 'open', 'signed', 'reviewed', 'returned'] as const;

/** The reviewer's filters over the organisation's inspections: unit, date range, status. */
export function OfficeFilters(props: { value: OfficeFilter; onChange: (f: OfficeFilter) => void }) {
  const set = (patch: Partial<OfficeFilter>) => props.onChange({ ...props.value, ...patch });
  return (
    <form class="office-filters" onSubmit={(e) => e.preventDefault()} data-testid="office-filters">
      <label>
        {t('office.filterUnit')}
        <input
          type="search"
          name="unit"
          value={props.value.unit}
          onInput={(e) => set({ unit: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('office.filterFrom')}
        <input type="date" name="from" value={props.value.from} onInput={(e) => set({ from: e.currentTarget.value })} />
      </label>
      <label>
        {t('office.filterTo')}
        <input type="date" name="to" value={props.value.to} onInput={(e) => set({ to: e.currentTarget.value })} />
      </label>
      <label>
        {t('office.filterStatus')}
        <select
          name="status"
          value={props.value.status}
          onChange={(e) => set({ status: e.currentTarget.value as OfficeFilter['status'] })}
        >
          <For each={STATUSES}>{(s) => <option value={s}>{t(`office.status.${s}`)}</option>}</For>
        </select>
      </label>
    </form>
  );
}

import { For, Show } from 'solid-js';
import type { Person } from '../../../shared/sync-protocol';
import { OFFICE_SORTS, type OfficeFilter } from '../../state/office-filter';
import { t } from '../../i18n';

const STATUSES = ['all', 'open', 'signed', 'reviewed', 'returned'] as const;

/** The office list's filters: unit, date range, status, inspector, and the order. */
export function OfficeFilters(props: {
  value: OfficeFilter;
  people: readonly Person[];
  onChange: (f: OfficeFilter) => void;
}) {
  const set = (patch: Partial<OfficeFilter>) => props.onChange({ ...props.value, ...patch });
  return (
    <form class="office-filters" onSubmit={(e) => e.preventDefault()} data-testid="office-filters">
      <label>
        {t('office.filterUnit')}
        <input
          type="search"
          name="unit"
          maxLength={100}
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
      <Show when={props.people.length > 0}>
        <label>
          {t('server.filterInspector')}
          <select
            name="inspector"
            value={String(props.value.inspector)}
            onChange={(e) => set({ inspector: e.currentTarget.value ? Number(e.currentTarget.value) : '' })}
          >
            <option value="">{t('server.anyInspector')}</option>
            <For each={props.people}>{(p) => <option value={String(p.id)}>{p.name}</option>}</For>
          </select>
        </label>
      </Show>
      <label>
        {t('server.sort')}
        <select
          name="sort"
          value={props.value.sort}
          onChange={(e) => set({ sort: e.currentTarget.value as OfficeFilter['sort'] })}
        >
          <For each={OFFICE_SORTS}>{(s) => <option value={s}>{t(`server.sort.${s}`)}</option>}</For>
        </select>
      </label>
    </form>
  );
}

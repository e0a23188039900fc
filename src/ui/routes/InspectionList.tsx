import { A } from '@solidjs/router';
import { createMemo, createSignal, For, from, lazy, Show } from 'solid-js';
// Start-up screen: import the db modules it needs, not the whole of src/db (writes,
// with the outbox, load when first used).
import { listInspections, loadBundle } from '../../db/bundle';
import { observe } from '../../db/live';
import { syncOverview } from '../../db/sync-state';
import { inspectionWalk, progressOf, type Progress } from '../../shared/progress';
import type { Inspection } from '../../shared/inspection';
import { isLocked, photoCountsByItem } from '../../shared/evidence';
import { ProgressBar } from '../components/ProgressBar';
import { t } from '../i18n';
import { save } from '../state/save-status';
import { canInspect, canReview } from '../state/sync';
import { SyncBadge } from '../components/SyncBadge';
import { matches, type OfficeFilter, type OfficeStatus } from '../state/office-filter';

// Not in the start-up shell: only reviewers filter, and storage details sit below the list.
const OfficeFilters = lazy(() => import('../components/OfficeFilters').then((m) => ({ default: m.OfficeFilters })));
const SecrecyNotice = lazy(() => import('../components/SecrecyNotice').then((m) => ({ default: m.SecrecyNotice })));
const StorageInfo = lazy(() => import('../components/StorageInfo').then((m) => ({ default: m.StorageInfo })));

interface Row {
  inspection: Inspection;
  progress: Progress | undefined;
  status: OfficeStatus;
}

async function loadRows(): Promise<Row[]> {
  const inspections = await listInspections();
  return Promise.all(
    inspections.map(async (inspection) => {
      const b = await loadBundle(inspection.id);
      const progress =
        b?.template &&
        progressOf(inspectionWalk(b.template, b.rooms, b.computers), {
          answers: b.answers,
          findings: b.findings,
          photoCounts: photoCountsByItem(b.photos),
        });
      const status: OfficeStatus = b?.review?.status ?? (isLocked(b?.signatures ?? []) ? 'signed' : 'open');
      return { inspection, progress: progress || undefined, status };
    }),
  );
}

export function InspectionList() {
  const rows = from(observe(loadRows));
  const sync = from(observe(syncOverview));
  const [filter, setFilter] = createSignal<OfficeFilter>({ unit: '', from: '', to: '', status: 'all' });
  // Reviewers see every inspection of the organisation that came back: they filter.
  const shown = createMemo(() => {
    const list = rows();
    if (!list) return undefined;
    return canReview() ? list.filter((r) => matches(filter(), r.inspection, r.status)) : list;
  });
  const remove = (i: Inspection) => {
    if (window.confirm(t('list.deleteConfirm', { unit: i.unit })))
      void save(async () => (await import('../../db/inspections')).deleteInspection(i.id));
  };
  return (
    <section class="page">
      <div class="page-head">
        <h1>{canReview() ? t('office.title') : t('list.title')}</h1>
        <Show when={canInspect()}>
          <A class="button primary" href="/new">
            {t('list.new')}
          </A>
        </Show>
      </div>
      <SecrecyNotice />
      <Show when={canReview()}>
        <OfficeFilters value={filter()} onChange={setFilter} />
      </Show>
      <Show when={shown()} fallback={<p class="muted">{t('common.loading')}</p>}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={<p class="empty">{canReview() ? t('office.none') : t('list.empty')}</p>}
          >
            <ul class="cards" data-testid="inspection-list">
              <For each={list()}>
                {(row) => (
                  <li class="card inspection-card">
                    <A class="card-link" href={`/i/${row.inspection.id}`}>
                      <strong class="unit">{row.inspection.unit}</strong>
                      <span class="muted">{row.inspection.date}</span>
                      <SyncBadge sync={sync()?.get(row.inspection.id)} />
                      <Show when={row.status !== 'open'}>
                        <span class={`status-tag ${row.status}`} data-testid="status-tag">
                          {t(`office.status.${row.status}`)}
                        </span>
                      </Show>
                      <Show when={row.progress}>
                        {(p) => <ProgressBar progress={p()} label={t('rooms.overall')} />}
                      </Show>
                    </A>
                    <Show when={canInspect()}>
                      <button type="button" class="ghost small" onClick={() => remove(row.inspection)}>
                        {t('list.delete')}
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <StorageInfo />
    </section>
  );
}

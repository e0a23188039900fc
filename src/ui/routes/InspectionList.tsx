import { A } from '@solidjs/router';
import { For, from, Show } from 'solid-js';
// Start-up screen: import the db modules it needs, not the whole of src/db.
import { deleteInspection, listInspections, loadBundle } from '../../db/inspections';
import { observe } from '../../db/live';
import { inspectionWalk, progressOf, type Progress } from '../../shared/progress';
import type { Inspection } from '../../shared/inspection';
import { photoCountsByItem } from '../../shared/evidence';
import { ProgressBar } from '../components/ProgressBar';
import { StorageInfo } from '../components/StorageInfo';
import { t } from '../i18n';
import { save } from '../state/save-status';

interface Row {
  inspection: Inspection;
  progress: Progress | undefined;
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
      return { inspection, progress: progress || undefined };
    }),
  );
}

export function InspectionList() {
  const rows = from(observe(loadRows));
  const remove = (i: Inspection) => {
    if (window.confirm(t('list.deleteConfirm', { unit: i.unit }))) void save(() => deleteInspection(i.id));
  };
  return (
    <section class="page">
      <div class="page-head">
        <h1>{t('list.title')}</h1>
        <A class="button primary" href="/new">
          {t('list.new')}
        </A>
      </div>
      <Show when={rows()} fallback={<p class="muted">{t('common.loading')}</p>}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="empty">{t('list.empty')}</p>}>
            <ul class="cards" data-testid="inspection-list">
              <For each={list()}>
                {(row) => (
                  <li class="card inspection-card">
                    <A class="card-link" href={`/i/${row.inspection.id}`}>
                      <strong class="unit">{row.inspection.unit}</strong>
                      <span class="muted">{row.inspection.date}</span>
                      <Show when={row.progress}>
                        {(p) => <ProgressBar progress={p()} label={t('rooms.overall')} />}
                      </Show>
                    </A>
                    <button type="button" class="ghost small" onClick={() => remove(row.inspection)}>
                      {t('list.delete')}
                    </button>
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

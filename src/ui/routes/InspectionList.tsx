import { A } from '@solidjs/router';
import { createMemo, For, from, lazy, Show } from 'solid-js';
// Start-up screen: import the db modules it needs, not the whole of src/db (writes,
// with the outbox, load when first used).
import { listInspections, loadBundle } from '../../db/bundle';
import { observe } from '../../db/live';
import { syncOverview } from '../../db/sync-state';
import { readSetting, SETTINGS } from '../../db/settings';
import { inspectionWalk, progressOf, type Progress } from '../../shared/progress';
import type { Inspection } from '../../shared/inspection';
import { isLocked, photoCountsByItem } from '../../shared/evidence';
import { ProgressBar } from '../components/ProgressBar';
import { t } from '../i18n';
import { save } from '../state/save-status';
import { account, canInspect, canReview } from '../state/sync';
import { SyncBadge } from '../components/SyncBadge';
import type { OfficeStatus } from '../state/office-filter';

// Not in the start-up shell: the server's list is the reviewers' (and needs the network),
// and storage details sit below the list.
const ServerList = lazy(() => import('../components/office/ServerList').then((m) => ({ default: m.ServerList })));
const SecrecyNotice = lazy(() => import('../components/SecrecyNotice').then((m) => ({ default: m.SecrecyNotice })));
const StorageInfo = lazy(() => import('../components/StorageInfo').then((m) => ({ default: m.StorageInfo })));

interface Row {
  inspection: Inspection;
  /** The colleague who added this user to it. */
  sharedBy: string | undefined;
  progress: Progress | undefined;
  status: OfficeStatus;
}

async function loadRows(): Promise<Row[]> {
  const [inspections, sharedBy] = await Promise.all([listInspections(), readSetting(SETTINGS.sharedBy)]);
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
      return { inspection, sharedBy: sharedBy?.[inspection.id], progress: progress || undefined, status };
    }),
  );
}

export function InspectionList() {
  const rows = from(observe(loadRows));
  const sync = from(observe(syncOverview));
  const shown = () => rows();
  const onDevice = createMemo(() => new Set((rows() ?? []).map((r) => r.inspection.id)));
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
      {/* Reviewers find inspections on the server and open them one at a time. */}
      <Show when={canReview()}>
        <ServerList onDevice={onDevice()} />
        <h2>{t('list.onDevice')}</h2>
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
                      <Show when={row.sharedBy}>
                        {(name) => (
                          <span class="muted small" data-testid="shared-by">
                            {t('sync.sharedBy', { name: name() })}
                          </span>
                        )}
                      </Show>
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
      <Show when={!canReview() && account()}>
        <A class="button" href="/office" data-testid="server-link">
          {t('list.onServer')}
        </A>
      </Show>
      <StorageInfo />
    </section>
  );
}

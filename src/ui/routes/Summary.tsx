import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { A, useNavigate } from '@solidjs/router';
import { createMemo, For, Show } from 'solid-js';
import {
  activeRooms,
  computerNumber,
  countResults,
  inspectionWalk,
  numberedFindings,
  roomWalk,
} from '../../shared/progress';
import { savePosition } from '../../db';
import { isAnswered } from '../../shared/inspection';
import { computerLabel } from '../components/ComputerHeader';
import { FindingsList } from '../components/FindingsList';
import { InspectionHeader } from '../components/InspectionHeader';
import { PdfExport } from '../components/PdfExport';
import { pdfFileName, recordJob } from '../state/pdf-jobs';
import { ResultCounts, BUCKETS } from '../components/ResultCounts';
import { loc, t } from '../i18n';
import { recordsOf } from '../state/bundle';
import { useInspection } from '../state/inspection-context';
import { save } from '../state/save-status';
import { IncompleteEvidenceNotice, ReviewNotice } from '../components/InspectionNotices';
import { ReviewPanel } from '../components/ReviewPanel';
import { canInspect, canReview } from '../state/sync';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

export default function Summary() {
  const navigate = useNavigate();
  const { state, b, openAt } = useInspection();
  const records = createMemo(() => recordsOf(state));
  const answers = () => records().answers;
  const rooms = createMemo(() => activeRooms(b().rooms));
  const total = createMemo(() => countResults(inspectionWalk(b().template, b().rooms, b().computers), answers()));
  const perRoom = createMemo(() =>
    rooms().map((room) => ({
      room,
      counts: countResults(roomWalk(b().template, room, b().computers), answers()),
    })),
  );
  const numbered = createMemo(() => numberedFindings(b().template, b().rooms, b().computers, records()));
  const unanswered = createMemo(() =>
    rooms()
      .map((room) => ({
        room,
        items: roomWalk(b().template, room, b().computers).filter((w) => !isAnswered(answers().get(w.key))),
      }))
      .filter((g) => g.items.length > 0),
  );

  return (
    <section class="page summary">
      <InspectionHeader inspection={b().inspection} sub={t('summary.title')} />
      <div class="row">
        <A class="button" href={`/i/${b().inspection.id}/report`}>
          {t('report.open')}
        </A>
        <Show when={canInspect()}>
          <A class="button primary" href={`/i/${b().inspection.id}/sign`}>
            {t('sign.start')}
          </A>
        </Show>
      </div>
      <ReviewNotice review={b().review} />
      <IncompleteEvidenceNotice inspectionId={b().inspection.id} />
      <Show when={canReview()}>
        <ReviewPanel inspectionId={b().inspection.id} />
      </Show>
      <PdfExport
        label={t('pdf.record')}
        fileName={() => pdfFileName(b().inspection, 'record')}
        job={() => recordJob(state, b())}
      />
      <h2>{t('summary.byResult')}</h2>
      <ResultCounts counts={total()} />
      <h2>{t('summary.byRoom')}</h2>
      <div class="table-scroll">
        <table class="room-table">
          <thead>
            <tr>
              <th scope="col">{t('summary.room')}</th>
              <For each={BUCKETS}>{(k) => <th scope="col">{t(`result.${k}`)}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={perRoom()}>
              {(row) => (
                <tr>
                  <th scope="row">{row.room.name}</th>
                  <For each={BUCKETS}>{(k) => <td>{row.counts[k]}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <h2>{t('summary.findings')}</h2>
      <FindingsList findings={numbered()} computers={b().computers} />
      <h2>{t('summary.unanswered')}</h2>
      <Show when={unanswered().length > 0} fallback={<p class="muted">{t('summary.allAnswered')}</p>}>
        <For each={unanswered()}>
          {(g) => (
            <details class="unanswered">
              <summary>{t('summary.roomCount', { room: g.room.name, count: g.items.length })}</summary>
              <ul>
                <For each={g.items}>
                  {(w) => (
                    <li>
                      <A
                        href={`/i/${b().inspection.id}/r/${g.room.id}`}
                        onClick={(event) => {
                          // Open the room at this item, not at its top.
                          event.preventDefault();
                          const [inspectionId, roomId, key, href] = [
                            b().inspection.id,
                            g.room.id,
                            w.key,
                            event.currentTarget.getAttribute('href') ?? '/',
                          ];
                          const place = { roomId, itemKey: key };
                          void save(() => savePosition(inspectionId, place)).then(() => {
                            openAt(place);
                            navigate(href);
                          });
                        }}
                      >
                        {w.computer
                          ? t('summary.pcPrefix', {
                              pc: computerLabel(w.computer, computerNumber(b().computers, w.computer)),
                            })
                          : ''}
                        {loc(w.item.text)}
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </details>
          )}
        </For>
      </Show>
    </section>
  );
}

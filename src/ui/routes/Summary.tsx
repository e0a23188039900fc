import { A, useNavigate, useParams } from '@solidjs/router';
import { createMemo, For, Show } from 'solid-js';
import { chineseNumeral } from '../../shared/numerals';
import {
  activeRooms,
  countResults,
  inspectionWalk,
  numberedFindings,
  roomWalk,
  type ResultBucket,
} from '../../shared/progress';
import { savePosition } from '../../db';
import { isAnswered } from '../../shared/inspection';
import { computerLabel } from '../components/ComputerHeader';
import { InspectionHeader } from '../components/InspectionHeader';
import { loc, locale, t } from '../i18n';
import { createInspectionState, recordsOf } from '../state/bundle';
import { save } from '../state/save-status';
import { Loaded } from './Loaded';

const BUCKETS: ResultBucket[] = ['pass', 'fail', 'partial', 'na', 'value', 'unanswered'];

export default function Summary() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const state = createInspectionState(() => params.id);
  return (
    <Loaded state={state}>
      {(b) => {
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
        const numberLabel = (n: number) => t('summary.number', { n: locale() === 'en' ? n : chineseNumeral(n) });
        const pcIndex = (computerId: string) =>
          b()
            .computers.filter((c) => c.removedAt === undefined)
            .sort((x, y) => x.order - y.order)
            .findIndex((c) => c.id === computerId) + 1;

        return (
          <section class="page summary">
            <InspectionHeader inspection={b().inspection} sub={t('summary.title')} />
            <h2>{t('summary.byResult')}</h2>
            <dl class="counts" data-testid="counts">
              <For each={BUCKETS}>
                {(k) => (
                  <div class={`count count-${k}`}>
                    <dt>{t(`result.${k}`)}</dt>
                    <dd data-bucket={k}>{total()[k]}</dd>
                  </div>
                )}
              </For>
            </dl>
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
            <Show when={numbered().length > 0} fallback={<p class="muted">{t('summary.noFindings')}</p>}>
              <ol class="findings" data-testid="findings">
                <For each={numbered()}>
                  {(f) => (
                    <li class="finding-entry">
                      <p>
                        <strong>{numberLabel(f.number)}</strong>
                        {t('summary.findingLine', {
                          place: f.walk.computer
                            ? `${f.room.name} · ${computerLabel(f.walk.computer, pcIndex(f.walk.computer.id))}`
                            : f.room.name,
                          problem: f.finding?.problem || loc(f.walk.item.text),
                          result: t(`result.${f.answer.result ?? 'fail'}`),
                        })}
                      </p>
                      <p class="small">
                        {t('summary.measure', { measure: f.finding?.rectification.measure || t('summary.missing') })}
                      </p>
                      <p class="small muted">
                        {t('summary.owner', { owner: f.finding?.rectification.owner || t('summary.missing') })} ·{' '}
                        {t('summary.deadline', { deadline: f.finding?.rectification.deadline || t('summary.missing') })}
                      </p>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
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
                                void save(() => savePosition(inspectionId, { roomId, itemKey: key })).then(() =>
                                  navigate(href),
                                );
                              }}
                            >
                              {w.computer
                                ? t('summary.pcPrefix', { pc: computerLabel(w.computer, pcIndex(w.computer.id)) })
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
      }}
    </Loaded>
  );
}

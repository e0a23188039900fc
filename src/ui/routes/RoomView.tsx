import '../i18n/zh-CN-sync';
import { A, useParams } from '@solidjs/router';
import { createMemo, createSignal, For, onMount, Show, untrack } from 'solid-js';
import { addComputer, savePosition } from '../../db';
import { carrySource } from '../../shared/carry-over';
import { photosByItem } from '../../shared/evidence';
import { itemKey, type Computer, type RoomVisit } from '../../shared/inspection';
import { computerNumber, nextIncomplete, progressOf, roomWalk, type WalkItem } from '../../shared/progress';
import { ComputerForm } from '../components/ComputerForm';
import { ComputerHeader, computerLabel } from '../components/ComputerHeader';
import { InspectionHeader } from '../components/InspectionHeader';
import { ItemCard } from '../components/ItemCard';
import { ownerSuggestions } from '../../shared/finding-suggestions';
import { OwnerSuggestionsContext } from '../state/finding-suggestions';
import { PhotoThumb } from '../components/PhotoThumb';
import { ProgressBar } from '../components/ProgressBar';
import { RestCompliant } from '../components/RestCompliant';
import { UndoToast } from '../components/UndoToast';
import { t } from '../i18n';
import { createInspectionState, lockedOf, readOnlyOf, recordsOf, type BundleState } from '../state/bundle';
import { ReadOnlyNotice } from '../components/InspectionNotices';
import type { Conflict } from '../../db/database';
import { save } from '../state/save-status';
import { Loaded, type LoadedBundle } from './Loaded';

interface Block {
  computer?: Computer;
  n: number;
  items: WalkItem[];
}

/** Office-level items first, then one block per computer. */
function blocksOf(walk: readonly WalkItem[], computers: readonly Computer[]): Block[] {
  const blocks: Block[] = [];
  for (const w of walk) {
    const last = blocks[blocks.length - 1];
    if (last && last.computer?.id === w.computer?.id) last.items.push(w);
    else
      blocks.push({
        computer: w.computer,
        n: w.computer ? computerNumber(computers, w.computer) : 0,
        items: [w],
      });
  }
  return blocks;
}

export function scrollToItem(key: string, focus = false): void {
  const el = document.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'start' });
  if (focus) el.querySelector<HTMLElement>('button.result')?.focus({ preventScroll: true });
}

function RoomBody(props: { state: BundleState; b: LoadedBundle; room: RoomVisit }) {
  const walk = createMemo(() => roomWalk(props.b.template, props.room, props.b.computers));
  const blocks = createMemo(() => blocksOf(walk(), props.b.computers));
  const records = createMemo(() => recordsOf(props.state));
  const progress = createMemo(() => progressOf(walk(), records()));
  // 同上一台 is offered once a PC of this office has answers to copy.
  const source = createMemo(() => carrySource(props.b.template, props.room, props.b.computers, records().answers));
  const carryLabel = () => {
    const from = source();
    return from && t('pc.carry', { name: computerLabel(from, computerNumber(props.b.computers, from)) });
  };
  const locked = createMemo(() => readOnlyOf(props.state));
  // Every photo taken in this room, newest first: tapping one goes to its item.
  const roomPhotos = createMemo(() =>
    props.b.photos
      .filter((p) => p.roomId === props.room.id && p.removedAt === undefined)
      .sort((a, b) => b.createdAt - a.createdAt),
  );
  const photosByKey = createMemo(() => photosByItem(props.b.photos));
  const conflictsByKey = createMemo(() => {
    const map = new Map<string, Conflict[]>();
    for (const c of props.b.conflicts) map.set(c.recordId, [...(map.get(c.recordId) ?? []), c]);
    return map;
  });
  // Where to resume is read once, when the room opens; later taps move it.
  const position = untrack(() => props.b.inspection.position);
  const [current, setCurrent] = createSignal(
    untrack(() => (position?.roomId === props.room.id ? position.itemKey : undefined)),
  );
  const [adding, setAdding] = createSignal(false);

  onMount(() => {
    const key = current();
    if (key) requestAnimationFrame(() => scrollToItem(key));
    else void savePosition(props.b.inspection.id, { roomId: props.room.id });
  });

  // One list for every finding form of the room: owners this inspection already named.
  const owners = createMemo(() => ownerSuggestions(recordsOf(props.state).findings.values()));

  const next = () => {
    const target = nextIncomplete(walk(), recordsOf(props.state), current());
    if (!target) return;
    setCurrent(target.key);
    scrollToItem(target.key, true);
  };

  return (
    <OwnerSuggestionsContext.Provider value={owners}>
      <section class="page room-page">
        <InspectionHeader
          inspection={props.b.inspection}
          sub={`${t(`kind.${props.room.kind}`)} · ${props.room.name}`}
        />
        <h2 class="room-title">{props.room.name}</h2>
        <ProgressBar progress={progress()} label={props.room.name} />
        <Show when={roomPhotos().length > 0}>
          <div class="photos room-photos" role="group" aria-label={t('room.photos', { count: roomPhotos().length })}>
            <For each={roomPhotos()}>
              {(p, i) => (
                <PhotoThumb
                  photo={p}
                  label={t('photo.open', { n: i() + 1 })}
                  onOpen={() => scrollToItem(itemKey(p), true)}
                />
              )}
            </For>
          </div>
        </Show>
        <Show
          when={walk().length > 0 || props.room.kind === 'office'}
          fallback={<p class="empty">{t('room.noItems')}</p>}
        >
          <For each={blocks()}>
            {(block) => (
              <section class="block" classList={{ 'computer-block': !!block.computer }}>
                <Show when={block.computer}>
                  {(c) => <ComputerHeader computer={c()} n={block.n} locked={locked()} />}
                </Show>
                <For each={block.items}>
                  {(w) => (
                    <ItemCard
                      inspectionId={props.b.inspection.id}
                      walk={w}
                      answer={props.state.answers[w.key]}
                      finding={props.state.findings[w.key]}
                      photos={photosByKey().get(w.key) ?? []}
                      locked={locked()}
                      conflicts={conflictsByKey().get(w.key)}
                      keepLocation={props.b.inspection.keepLocation ?? false}
                      onAnswered={setCurrent}
                    />
                  )}
                </For>
                <RestCompliant
                  inspectionId={props.b.inspection.id}
                  items={block.items}
                  answers={records().answers}
                  locked={locked()}
                />
              </section>
            )}
          </For>
        </Show>
        <ReadOnlyNotice signed={lockedOf(props.state)} />
        <Show when={props.room.kind === 'office' && !locked()}>
          <Show
            when={adding()}
            fallback={
              <button type="button" class="primary wide" onClick={() => setAdding(true)}>
                + {t('room.addComputer')}
              </button>
            }
          >
            <ComputerForm
              submitLabel={t('room.addComputer')}
              carry={carryLabel()}
              onSubmit={(fields, options) => {
                const { room, b } = props;
                const from = source();
                const carry = options.carry && from ? { computer: from, template: b.template } : undefined;
                void save(() => addComputer(room, fields, carry));
                setAdding(false);
              }}
              onCancel={() => setAdding(false)}
            />
          </Show>
        </Show>
        <div class="bottom-bar">
          <Show when={!progress().complete} fallback={<span class="done">✓ {t('room.allDone')}</span>}>
            <button type="button" class="primary" onClick={next}>
              {t('room.next')} ↓
            </button>
          </Show>
          <span class="progress-text">
            {progress().answered}/{progress().total}
          </span>
          <A class="button ghost" href={`/i/${props.b.inspection.id}`}>
            {t('nav.back')}
          </A>
        </div>
        <UndoToast />
      </section>
    </OwnerSuggestionsContext.Provider>
  );
}

export default function RoomView() {
  const params = useParams<{ id: string; roomId: string }>();
  const state = createInspectionState(() => params.id);
  return (
    <Loaded state={state}>
      {(b) => (
        <Show
          when={b().rooms.find((r) => r.id === params.roomId && r.removedAt === undefined)}
          fallback={<p class="error page">{t('error.notFound')}</p>}
        >
          {(room) => <RoomBody state={state} b={b()} room={room()} />}
        </Show>
      )}
    </Loaded>
  );
}

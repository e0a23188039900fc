import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { A, useParams } from '@solidjs/router';
import { createMemo, createSignal, For, onMount, Show, untrack } from 'solid-js';
import { addComputer, savePosition } from '../../db';
import { carrySource } from '../../shared/carry-over';
import { photosByItem } from '../../shared/evidence';
import { itemKey, type RoomVisit } from '../../shared/inspection';
import {
  activeComputers,
  computerNumber,
  nextIncomplete,
  progressOf,
  roomWalk,
  type WalkItem,
} from '../../shared/progress';
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
import { lockedOf, readOnlyOf, recordsOf, type BundleState, type LoadedBundle } from '../state/bundle';
import { useInspection } from '../state/inspection-context';
import { ReadOnlyNotice } from '../components/InspectionNotices';
import type { Conflict } from '../../db/database';
import { save } from '../state/save-status';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

/** Each computer's walk items, by computer id (the office's own items under ''). */
function itemsByComputer(walk: readonly WalkItem[]): Map<string, WalkItem[]> {
  const by = new Map<string, WalkItem[]>();
  for (const w of walk) {
    const id = w.computer?.id ?? '';
    const list = by.get(id);
    if (list) list.push(w);
    else by.set(id, [w]);
  }
  return by;
}

export function scrollToItem(key: string, focus = false): void {
  const el = document.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  if (!el) return;
  el.scrollIntoView({ block: 'start' });
  if (focus) el.querySelector<HTMLElement>('button.result')?.focus({ preventScroll: true });
}

function RoomBody(props: { state: BundleState; b: LoadedBundle; room: RoomVisit; start: string | undefined }) {
  const walk = createMemo(() => roomWalk(props.b.template, props.room, props.b.computers));
  const byComputer = createMemo(() => itemsByComputer(walk()));
  const walkByKey = createMemo(() => new Map(walk().map((w) => [w.key, w])));
  const computers = createMemo(() => activeComputers(props.b.computers, props.room.id));
  const records = () => recordsOf(props.state);
  const progress = createMemo(() => progressOf(walk(), records()));
  // 同上一台 is offered once a PC of this office has answers to copy. Worked out only while
  // the add form is open: it walks the whole office, which a tap must not pay for.
  const source = () => carrySource(props.b.template, props.room, props.b.computers, records().answers);
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
  const [current, setCurrent] = createSignal(untrack(() => props.start));
  // One PC's block is open at a time: an office of 40 PCs is ~730 items, too many to keep
  // on a phone's page at once. It opens where the inspector left off, or at the first PC
  // with something left to do.
  const [openPc, setOpenPc] = createSignal(
    untrack(
      () =>
        walkByKey().get(current() ?? '')?.computer?.id ??
        computers().find((c) => !progressOf(byComputer().get(c.id) ?? [], records()).complete)?.id,
    ),
  );
  const [adding, setAdding] = createSignal(false);

  /** Open the item's PC if it is closed, then bring the item into view. */
  const reveal = (key: string, focus = false) => {
    const pc = walkByKey().get(key)?.computer?.id;
    if (pc) setOpenPc(pc);
    scrollToItem(key, focus);
  };

  onMount(() => {
    const key = current();
    if (key) requestAnimationFrame(() => scrollToItem(key));
    else void savePosition(props.b.inspection.id, { roomId: props.room.id });
  });

  // One list for every finding form of the room: owners this inspection already named.
  const owners = createMemo(() => ownerSuggestions(records().findings.values()));

  const next = () => {
    const target = nextIncomplete(walk(), records(), current());
    if (!target) return;
    setCurrent(target.key);
    reveal(target.key, true);
  };

  const itemCards = (keys: () => string[]) => (
    <For each={keys()}>
      {(key) => (
        <Show when={walkByKey().get(key)}>
          {(w) => (
            <ItemCard
              inspectionId={props.b.inspection.id}
              walk={w()}
              answer={props.state.answers[key]}
              finding={props.state.findings[key]}
              photos={photosByKey().get(key) ?? []}
              locked={locked()}
              conflicts={conflictsByKey().get(key)}
              keepLocation={props.b.inspection.keepLocation ?? false}
              onAnswered={setCurrent}
            />
          )}
        </Show>
      )}
    </For>
  );
  // Keys, not walk items, drive the lists: adding a PC recomputes the walk, and a list
  // keyed by strings keeps every card that is still there instead of building it again.
  const keysOf = (computerId: string) => (byComputer().get(computerId) ?? []).map((w) => w.key);
  const officeItems = () => byComputer().get('') ?? [];

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
                <PhotoThumb photo={p} label={t('photo.open', { n: i() + 1 })} onOpen={() => reveal(itemKey(p), true)} />
              )}
            </For>
          </div>
        </Show>
        <Show
          when={walk().length > 0 || props.room.kind === 'office'}
          fallback={<p class="empty">{t('room.noItems')}</p>}
        >
          <Show when={officeItems().length > 0}>
            <section class="block">
              {itemCards(() => keysOf(''))}
              <RestCompliant
                inspectionId={props.b.inspection.id}
                items={officeItems()}
                answers={records().answers}
                locked={locked()}
              />
            </section>
          </Show>
          <For each={computers()}>
            {(computer, i) => {
              const items = () => byComputer().get(computer.id) ?? [];
              // Reads only this PC's answers: a tap elsewhere does not recount it.
              const pcProgress = createMemo(() => progressOf(items(), records()));
              const open = () => openPc() === computer.id;
              return (
                <section class="block computer-block" classList={{ open: open() }}>
                  <ComputerHeader
                    computer={computer}
                    n={i() + 1}
                    locked={locked()}
                    progress={pcProgress()}
                    open={open()}
                    onToggle={() => setOpenPc(open() ? undefined : computer.id)}
                  />
                  <Show when={open()}>
                    <div class="block" id={`pc-${computer.id}`}>
                      {itemCards(() => keysOf(computer.id))}
                      <RestCompliant
                        inspectionId={props.b.inspection.id}
                        items={items()}
                        answers={records().answers}
                        locked={locked()}
                      />
                    </div>
                  </Show>
                </section>
              );
            }}
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
                // The new PC is the one to walk next: its block opens.
                void save(() => addComputer(room, fields, carry)).then((added) => added && setOpenPc(added.id));
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
  const { state, b, startOf } = useInspection();
  return (
    <Show
      when={b().rooms.find((r) => r.id === params.roomId && r.removedAt === undefined)}
      fallback={<p class="error page">{t('error.notFound')}</p>}
    >
      {(room) => <RoomBody state={state} b={b()} room={room()} start={startOf(room().id)} />}
    </Show>
  );
}

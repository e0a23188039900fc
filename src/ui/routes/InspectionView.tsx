import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { A } from '@solidjs/router';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { addRoom, moveRoom, removeRoom, renameRoom, restoreRoom, updateInspection } from '../../db';
import { VISIT_KINDS, type VisitKind } from '../../shared/checklist';
import type { RoomVisit } from '../../shared/inspection';
import { activeComputers, activeRooms, inspectionWalk, progressOf, roomWalk } from '../../shared/progress';
import { InspectionHeader } from '../components/InspectionHeader';
import { ProgressBar } from '../components/ProgressBar';
import { offerUndo, UndoToast } from '../components/UndoToast';
import { t } from '../i18n';
import { lockedOf, readOnlyOf, recordsOf } from '../state/bundle';
import { useInspection } from '../state/inspection-context';
import { ConflictNotice, ReadOnlyNotice, RefusalList, ReviewNotice } from '../components/InspectionNotices';
import { RecordHistory } from '../components/history/RecordHistory';
import { describeVersion, type HistoryKind } from '../components/history/describe';
import { save } from '../state/save-status';
import { TEXT_LIMITS } from '../../shared/text-limits';
import { InspectionScope } from '../components/participants/InspectionScope';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

export default function InspectionView() {
  const { state, b } = useInspection();
  const [kind, setKind] = createSignal<VisitKind>('machine-room');

  const rooms = createMemo(() => activeRooms(b().rooms));
  const records = createMemo(() => recordsOf(state));
  const locked = createMemo(() => readOnlyOf(state));
  const overall = createMemo(() => progressOf(inspectionWalk(b().template, b().rooms, b().computers), records()));
  const roomProgress = (room: RoomVisit) => progressOf(roomWalk(b().template, room, b().computers), records());
  const countOf = (k: VisitKind) => b().rooms.filter((r) => r.kind === k && r.removedAt === undefined).length;

  const add = (event: SubmitEvent) => {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    const name = input.value.trim() || `${t(`kind.${kind()}`)} ${countOf(kind()) + 1}`;
    const inspectionId = b().inspection.id;
    const roomKind = kind();
    void save(() => addRoom(inspectionId, roomKind, name)).then(() => (input.value = ''));
  };
  const rename = (room: RoomVisit) => {
    const name = window.prompt(t('rooms.renamePrompt'), room.name)?.trim();
    // A prompt has no length limit: say so rather than cut what was typed.
    if (name && name.length > TEXT_LIMITS.roomName)
      window.alert(t('text.tooLong', { text: name, max: TEXT_LIMITS.roomName, n: name.length }));
    else if (name && name !== room.name) void save(() => renameRoom(room, name));
  };
  const remove = (room: RoomVisit) =>
    void save(() => removeRoom(room)).then(() =>
      offerUndo({
        message: t('rooms.removed', { name: room.name }),
        undo: () => void save(() => restoreRoom(room)),
      }),
    );

  return (
    <section class="page">
      <InspectionHeader inspection={b().inspection} />
      <ProgressBar progress={overall()} label={t('rooms.overall')} />
      <ReadOnlyNotice signed={lockedOf(state)} />
      <ReviewNotice review={b().review} />
      <RefusalList refusals={b().refusals} />
      <For each={b().conflicts.filter((c) => c.kind === 'room' || c.kind === 'computer' || c.kind === 'inspection')}>
        {(c) => (
          <ConflictNotice
            conflict={c}
            was={describeVersion(c.kind as HistoryKind, c.replaced)}
            what={t(`conflict.what.${c.kind as 'room' | 'computer' | 'inspection'}`)}
          />
        )}
      </For>
      <RecordHistory inspectionId={b().inspection.id} kind="inspection" recordId={b().inspection.id} />
      <h2>{t('rooms.title')}</h2>
      <Show when={rooms().length > 0} fallback={<p class="empty">{t('rooms.empty')}</p>}>
        <ol class="room-list" data-testid="room-list">
          <For each={rooms()}>
            {(room, index) => (
              <li class="card room-card" data-room-kind={room.kind}>
                <A class="card-link" href={`/i/${b().inspection.id}/r/${room.id}`}>
                  <span class="kind">{t(`kind.${room.kind}`)}</span>
                  <strong class="room-name">{room.name}</strong>
                  <Show when={room.kind === 'office'}>
                    <span class="muted">
                      {t('rooms.computers', { count: activeComputers(b().computers, room.id).length })}
                    </span>
                  </Show>
                  <ProgressBar progress={roomProgress(room)} label={room.name} />
                  <Show when={roomProgress(room).findingsIncomplete > 0}>
                    <span class="warn small">
                      {t('rooms.incompleteFindings', { count: roomProgress(room).findingsIncomplete })}
                    </span>
                  </Show>
                </A>
                <RecordHistory inspectionId={b().inspection.id} kind="room" recordId={room.id} />
                <Show when={!locked()}>
                  <div class="room-actions">
                    <button
                      type="button"
                      class="icon"
                      aria-label={`${t('rooms.up')} ${room.name}`}
                      disabled={index() === 0}
                      onClick={() => void save(() => moveRoom(room, -1))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      class="icon"
                      aria-label={`${t('rooms.down')} ${room.name}`}
                      disabled={index() === rooms().length - 1}
                      onClick={() => void save(() => moveRoom(room, 1))}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      class="icon"
                      aria-label={`${t('rooms.rename')} ${room.name}`}
                      onClick={() => rename(room)}
                    >
                      ✎
                    </button>
                    <button
                      type="button"
                      class="icon danger"
                      aria-label={`${t('rooms.remove')} ${room.name}`}
                      onClick={() => remove(room)}
                    >
                      ✕
                    </button>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={!locked()}>
        <form class="add-room" onSubmit={add}>
          <label>
            {t('rooms.addKind')}
            <select name="kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value as VisitKind)}>
              <For each={VISIT_KINDS}>{(k) => <option value={k}>{t(`kind.${k}`)}</option>}</For>
            </select>
          </label>
          <label>
            {t('rooms.addName')}
            <input
              name="name"
              maxLength={TEXT_LIMITS.roomName}
              placeholder={`${t(`kind.${kind()}`)} ${countOf(kind()) + 1}`}
            />
          </label>
          <button type="submit" class="primary">
            {t('rooms.add')}
          </button>
        </form>
        <label class="check">
          <input
            type="checkbox"
            checked={b().inspection.keepLocation ?? false}
            onChange={(e) => {
              const [id, keepLocation] = [b().inspection.id, e.currentTarget.checked];
              void save(() => updateInspection(id, { keepLocation }));
            }}
          />
          {t('sign.keepLocation')}
        </label>
        <p class="muted small">{t('sign.keepLocationHint')}</p>
      </Show>
      <div class="row">
        <A class="button" href={`/i/${b().inspection.id}/summary`}>
          {t('rooms.summary')}
        </A>
        <A class="button primary" href={`/i/${b().inspection.id}/sign`}>
          {t('sign.start')}
        </A>
      </div>
      <InspectionScope inspectionId={b().inspection.id} unit={b().inspection.unit} signed={lockedOf(state)} />
      <UndoToast />
    </section>
  );
}

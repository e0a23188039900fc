import { TEXT_LIMITS } from '../../shared/text-limits';
import { createSignal, For, Show } from 'solid-js';
import { saveAnswer, type AnswerPatch } from '../../db';
import type { Photo } from '../../shared/evidence';
import { RESULTS, needsFinding, type Answer, type Finding, type Result } from '../../shared/inspection';
import { itemStatus, type WalkItem } from '../../shared/progress';
import { loc, t } from '../i18n';
import { save } from '../state/save-status';
import { timed } from '../state/timing';
import { EditableText } from './EditableText';
import { FindingForm } from './FindingForm';
import { PhotoStrip } from './PhotoStrip';
import { ValueInput } from './ValueInput';
import { ConflictNotice } from './InspectionNotices';
import { RecordHistory } from './history/RecordHistory';
import { describeVersion } from './history/describe';
import type { Conflict } from '../../db/database';

export interface ItemCardProps {
  inspectionId: string;
  walk: WalkItem;
  answer: Answer | undefined;
  finding: Finding | undefined;
  /** Photos of this item and of its finding. */
  photos: Photo[];
  locked: boolean;
  keepLocation: boolean;
  /** Another device's answer or finding replaced this device's (see src/db/pulled.ts). */
  conflicts?: Conflict[];
  onAnswered: (key: string) => void;
}

/** One checklist item: question, how to check, one-tap result, value, note, photos, finding. */
export function ItemCard(props: ItemCardProps) {
  const item = () => props.walk.item;
  const [noteOpen, setNoteOpen] = createSignal(false);
  const write = (patch: AnswerPatch) => {
    const { inspectionId, walk } = props;
    props.onAnswered(walk.key);
    return save(() => timed('answer-commit', () => saveAnswer(inspectionId, walk.place, patch)));
  };
  const status = () => itemStatus(item(), props.answer, props.finding, props.photos.length);
  const photosOf = (attachedTo: Photo['attachedTo']) => props.photos.filter((p) => p.attachedTo === attachedTo);

  return (
    <article
      class="item"
      classList={{ [`status-${status()}`]: true }}
      data-key={props.walk.key}
      data-status={status()}
      data-answer={item().answer}
      aria-labelledby={`q-${props.walk.key}`}
    >
      <header class="item-head">
        <span class={`chip severity-${item().severity}`}>
          {t('severity.label', { level: t(`severity.${item().severity}`) })}
        </span>
        <span class="chip">{t(`family.${item().family}`)}</span>
        <Show when={item().photoOnFailure}>
          <span class="chip photo">{t('item.photoChip')}</span>
        </Show>
        <Show when={props.answer?.carriedFrom}>
          <span class="chip carried" data-testid="carried">
            {t('item.carried')}
          </span>
        </Show>
      </header>
      <h3 class="question" id={`q-${props.walk.key}`}>
        {loc(item().text)}
      </h3>
      <details class="guidance">
        <summary>{t('item.guidance')}</summary>
        <p>{loc(item().guidance)}</p>
        <p class="muted small">{t('item.basisLine', { basis: item().basis })}</p>
      </details>
      <For each={props.conflicts ?? []}>{(c) => <ConflictNotice conflict={c} was={describeReplaced(c, item())} />}</For>
      <Show when={props.answer}>
        <RecordHistory inspectionId={props.inspectionId} kind="answer" recordId={props.walk.key} item={item()} />
      </Show>
      <Show when={props.finding}>
        <RecordHistory inspectionId={props.inspectionId} kind="finding" recordId={props.walk.key} />
      </Show>
      <fieldset class="answer" disabled={props.locked}>
        <Show when={item().answer !== 'result'}>
          <ValueInput item={item()} value={props.answer?.value} onChange={(value) => void write({ value })} />
          <p class="muted small">{t('item.judgement')}</p>
        </Show>
        <div class="results" role="group" aria-label={loc(item().text)}>
          <For each={RESULTS}>
            {(r: Result) => (
              <button
                type="button"
                class={`result result-${r}`}
                aria-pressed={props.answer?.result === r}
                onClick={() => void write({ result: r })}
              >
                {t(`result.${r}`)}
              </button>
            )}
          </For>
        </div>
        <Show
          when={noteOpen() || props.answer?.note}
          fallback={
            <Show when={!props.locked}>
              <button type="button" class="link" onClick={() => setNoteOpen(true)}>
                + {t('item.addNote')}
              </button>
            </Show>
          }
        >
          <label class="note">
            {t('item.note')}
            <EditableText
              multiline
              rows="2"
              limit={TEXT_LIMITS.note}
              value={props.answer?.note ?? ''}
              // Emptying the note must not take the field away from under the finger.
              onFocus={() => setNoteOpen(true)}
              onSave={(v) => void write({ note: v || undefined })}
            />
          </label>
        </Show>
      </fieldset>
      <PhotoStrip
        inspectionId={props.inspectionId}
        place={props.walk.place}
        attachedTo="item"
        photos={photosOf('item')}
        locked={props.locked}
        keepLocation={props.keepLocation}
      />
      <Show when={needsFinding(props.answer?.result)}>
        <FindingForm
          inspectionId={props.inspectionId}
          place={props.walk.place}
          finding={props.finding}
          locked={props.locked}
          photoMissing={status() === 'photo-missing'}
        />
        <PhotoStrip
          inspectionId={props.inspectionId}
          place={props.walk.place}
          attachedTo="finding"
          photos={photosOf('finding')}
          locked={props.locked}
          keepLocation={props.keepLocation}
        />
      </Show>
    </article>
  );
}

/** What this device had before another device's version replaced it, in one line. */
function describeReplaced(conflict: Conflict, item: WalkItem['item']): string {
  return describeVersion(conflict.kind === 'finding' ? 'finding' : 'answer', conflict.replaced, item);
}

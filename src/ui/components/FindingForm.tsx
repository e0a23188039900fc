import { TEXT_LIMITS } from '../../shared/text-limits';
import { For, Show } from 'solid-js';
import { saveFinding, type FindingPatch } from '../../db';
import { DEADLINE_PRESETS, deadlineOf } from '../../shared/finding-suggestions';
import { isFindingComplete, type Finding, type ItemPlace } from '../../shared/inspection';
import { t } from '../i18n';
import { useOwnerSuggestions } from '../state/finding-suggestions';
import { save } from '../state/save-status';
import { EditableText } from './EditableText';

/** Today on the phone's calendar, YYYY-MM-DD. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** 问题与整改: a room is not complete until these four fields are filled. */
export function FindingForm(props: {
  locked: boolean;
  photoMissing: boolean;
  inspectionId: string;
  place: ItemPlace;
  finding: Finding | undefined;
}) {
  const write = (patch: FindingPatch) => {
    const { inspectionId, place } = props;
    void save(() => saveFinding(inspectionId, place, patch));
  };
  const complete = () => isFindingComplete(props.finding);
  const owners = useOwnerSuggestions();
  // The owner typed here is not offered back to itself.
  const otherOwners = () => owners().filter((o) => o !== props.finding?.rectification.owner.trim());
  const missing = (v: string | undefined) => !v?.trim();
  return (
    <fieldset class="finding" classList={{ incomplete: !complete() }} disabled={props.locked}>
      <legend>{t('finding.title')}</legend>
      <label classList={{ missing: missing(props.finding?.problem) }}>
        {t('finding.problem')}
        <EditableText
          multiline
          rows="2"
          data-field="problem"
          limit={TEXT_LIMITS.problem}
          value={props.finding?.problem ?? ''}
          onSave={(v) => write({ problem: v })}
        />
      </label>
      <label classList={{ missing: missing(props.finding?.rectification.measure) }}>
        {t('finding.measure')}
        <EditableText
          multiline
          rows="2"
          data-field="measure"
          limit={TEXT_LIMITS.measure}
          value={props.finding?.rectification.measure ?? ''}
          onSave={(v) => write({ rectification: { measure: v } })}
        />
      </label>
      <div class="row">
        <label classList={{ missing: missing(props.finding?.rectification.owner) }}>
          {t('finding.owner')}
          <EditableText
            data-field="owner"
            limit={TEXT_LIMITS.owner}
            value={props.finding?.rectification.owner ?? ''}
            onSave={(v) => write({ rectification: { owner: v } })}
          />
          <Show when={otherOwners().length > 0}>
            <span class="suggestions" data-testid="owner-suggestions">
              <For each={otherOwners()}>
                {(owner) => (
                  <button type="button" class="chip" onClick={() => write({ rectification: { owner } })}>
                    {owner}
                  </button>
                )}
              </For>
            </span>
          </Show>
        </label>
        <label classList={{ missing: missing(props.finding?.rectification.deadline) }}>
          {t('finding.deadline')}
          <input
            type="date"
            data-field="deadline"
            value={props.finding?.rectification.deadline ?? ''}
            onChange={(e) => write({ rectification: { deadline: e.currentTarget.value } })}
          />
          <span class="suggestions" data-testid="deadline-presets">
            <For each={DEADLINE_PRESETS}>
              {(preset) => (
                <button
                  type="button"
                  class="chip"
                  onClick={() => write({ rectification: { deadline: deadlineOf(preset, today()) } })}
                >
                  {t(`finding.deadline.${preset}`)}
                </button>
              )}
            </For>
          </span>
        </label>
      </div>
      {!complete() && <p class="warn small">{t('finding.incomplete')}</p>}
      {props.photoMissing && <p class="warn small">{t('finding.photoMissing')}</p>}
    </fieldset>
  );
}

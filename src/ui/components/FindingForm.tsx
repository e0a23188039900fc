import { saveFinding, type FindingPatch } from '../../db';
import { isFindingComplete, type Finding, type ItemPlace } from '../../shared/inspection';
import { t } from '../i18n';
import { createDebouncedSave } from '../state/debounce';
import { save } from '../state/save-status';

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
  const problem = createDebouncedSave((v: string) => write({ problem: v }));
  const measure = createDebouncedSave((v: string) => write({ rectification: { measure: v } }));
  const owner = createDebouncedSave((v: string) => write({ rectification: { owner: v } }));
  const complete = () => isFindingComplete(props.finding);
  const missing = (v: string | undefined) => !v?.trim();
  return (
    <fieldset class="finding" classList={{ incomplete: !complete() }} disabled={props.locked}>
      <legend>{t('finding.title')}</legend>
      <label classList={{ missing: missing(props.finding?.problem) }}>
        {t('finding.problem')}
        <textarea
          rows="2"
          data-field="problem"
          value={props.finding?.problem ?? ''}
          onInput={(e) => problem.schedule(e.currentTarget.value)}
          onBlur={problem.flush}
        />
      </label>
      <label classList={{ missing: missing(props.finding?.rectification.measure) }}>
        {t('finding.measure')}
        <textarea
          rows="2"
          data-field="measure"
          value={props.finding?.rectification.measure ?? ''}
          onInput={(e) => measure.schedule(e.currentTarget.value)}
          onBlur={measure.flush}
        />
      </label>
      <div class="row">
        <label classList={{ missing: missing(props.finding?.rectification.owner) }}>
          {t('finding.owner')}
          <input
            data-field="owner"
            value={props.finding?.rectification.owner ?? ''}
            onInput={(e) => owner.schedule(e.currentTarget.value)}
            onBlur={owner.flush}
          />
        </label>
        <label classList={{ missing: missing(props.finding?.rectification.deadline) }}>
          {t('finding.deadline')}
          <input
            type="date"
            data-field="deadline"
            value={props.finding?.rectification.deadline ?? ''}
            onChange={(e) => write({ rectification: { deadline: e.currentTarget.value } })}
          />
        </label>
      </div>
      {!complete() && <p class="warn small">{t('finding.incomplete')}</p>}
      {props.photoMissing && <p class="warn small">{t('finding.photoMissing')}</p>}
    </fieldset>
  );
}

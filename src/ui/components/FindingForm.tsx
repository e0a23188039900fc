import { saveFinding, type FindingPatch } from '../../db';
import { isFindingComplete, type Finding, type ItemPlace } from '../../shared/inspection';
import { t } from '../i18n';
import { save } from '../state/save-status';
import { EditableText } from './EditableText';

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
          value={props.finding?.rectification.measure ?? ''}
          onSave={(v) => write({ rectification: { measure: v } })}
        />
      </label>
      <div class="row">
        <label classList={{ missing: missing(props.finding?.rectification.owner) }}>
          {t('finding.owner')}
          <EditableText
            data-field="owner"
            value={props.finding?.rectification.owner ?? ''}
            onSave={(v) => write({ rectification: { owner: v } })}
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

import { TEXT_LIMITS } from '../../shared/text-limits';
import type { ComputerFields } from '../../db';
import { t } from '../i18n';

/** Asset tag, user, location, classified: the header of one PC's block. */
export function ComputerForm(props: {
  initial?: ComputerFields;
  submitLabel: string;
  /** Offer 同上一台 (checked: the office has a PC with answers to copy), with this label. */
  carry?: string;
  onSubmit: (fields: ComputerFields, options: { carry: boolean }) => void;
  onCancel?: () => void;
}) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    props.onSubmit(
      {
        assetTag: text('assetTag'),
        user: text('user'),
        location: text('location'),
        classified: data.get('classified') === 'on',
      },
      { carry: data.get('carry') === 'on' },
    );
    form.reset();
  };
  return (
    <form class="computer-form" onSubmit={submit}>
      <div class="row">
        <label>
          {t('pc.assetTag')}
          <input name="assetTag" maxLength={TEXT_LIMITS.assetTag} value={props.initial?.assetTag ?? ''} />
        </label>
        <label>
          {t('pc.user')}
          <input name="user" maxLength={TEXT_LIMITS.pcUser} value={props.initial?.user ?? ''} />
        </label>
      </div>
      <label>
        {t('pc.location')}
        <input name="location" maxLength={TEXT_LIMITS.location} value={props.initial?.location ?? ''} />
      </label>
      <label class="check">
        <input type="checkbox" name="classified" checked={props.initial?.classified ?? false} />
        {t('pc.classified')}
      </label>
      {props.carry && (
        <label class="check">
          <input type="checkbox" name="carry" checked />
          {props.carry}
        </label>
      )}
      <div class="row">
        <button type="submit" class="primary">
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={() => props.onCancel?.()}>
            {t('pc.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

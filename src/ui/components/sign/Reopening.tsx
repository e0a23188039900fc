import { TEXT_LIMITS } from '../../../shared/text-limits';
import { For, Show } from 'solid-js';
import { reopenInspection } from '../../../db';
import type { Inspection } from '../../../shared/inspection';
import { t } from '../../i18n';
import { save } from '../../state/save-status';
import { canInspect } from '../../state/sync';

/** A signed record is read-only; who inspected may reopen it, saying why (its signatures are voided). */
export function LockedNotice(props: { locked: boolean; inspection: Inspection }) {
  return (
    <>
      <Show when={props.locked}>
        <p class="banner banner-info" role="status" data-testid="locked">
          {t('sign.locked')}
        </p>
      </Show>
      <Show when={props.locked && canInspect()}>
        <ReopenForm inspection={props.inspection} />
      </Show>
    </>
  );
}

function ReopenForm(props: { inspection: Inspection }) {
  const reopen = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const [by, reason] = [String(form.get('by') ?? '').trim(), String(form.get('reason') ?? '').trim()];
    if (!by || !reason) return;
    const inspectionId = props.inspection.id;
    void save(() => reopenInspection(inspectionId, by, reason));
  };
  return (
    <form class="form reopen" onSubmit={reopen}>
      <h2>{t('sign.reopen')}</h2>
      <label>
        {t('sign.reopenBy')}
        <input name="by" required maxLength={TEXT_LIMITS.person} value={props.inspection.inspectors[0] ?? ''} />
      </label>
      <label>
        {t('sign.reopenReason')}
        <textarea name="reason" rows="2" required maxLength={TEXT_LIMITS.reason} />
      </label>
      <button type="submit" class="danger">
        {t('sign.reopenConfirm')}
      </button>
    </form>
  );
}

/** Each time the record was reopened: when, by whom, why, and how many signatures it voided. */
export function ReopeningList(props: { reopenings: NonNullable<Inspection['reopenings']> }) {
  return (
    <Show when={props.reopenings.length > 0}>
      <h2>{t('sign.reopenings')}</h2>
      <ul data-testid="reopenings">
        <For each={props.reopenings}>
          {(r) => (
            <li>
              {t('sign.reopening', {
                time: new Date(r.at).toLocaleString(),
                by: r.by,
                reason: r.reason,
                count: r.voidedSignatureIds.length,
              })}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

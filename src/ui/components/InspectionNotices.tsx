import { createMemo, For, from, Show } from 'solid-js';
import { dismissConflict, missingBlobs } from '../../db/pulled';
import { observe } from '../../db/live';
import { openedOnDemand } from '../../db/device-scope';
import type { Conflict, Refusal } from '../../db/database';
import type { Review } from '../../shared/inspection';
import { formatWhen, t, type MessageKey } from '../i18n';
import { canInspect } from '../state/sync';
import { save } from '../state/save-status';

/** Why the record cannot be edited here: it is signed, or the user is a reviewer. */
export function ReadOnlyNotice(props: { signed: boolean }) {
  return (
    <>
      <Show when={props.signed}>
        <p class="banner banner-info" role="status" data-testid="locked">
          {t('sign.locked')}
        </p>
      </Show>
      <Show when={!canInspect()}>
        <p class="banner banner-info" role="status" data-testid="reviewer-read-only">
          {t('review.readOnly')}
        </p>
      </Show>
    </>
  );
}

/**
 * Photos or signatures whose bytes are not here: pulled from a device that has not
 * uploaded them yet. The record counts as complete only once they arrive.
 */
export function IncompleteEvidenceNotice(props: { inspectionId: string }) {
  const missing = createMemo(() => {
    const inspectionId = props.inspectionId;
    // An inspection opened from the office list fetches its bytes as they are shown: not missing.
    return from(observe(async () => missingBlobs(inspectionId, await openedOnDemand())));
  });
  const count = () => missing()()?.length ?? 0;
  return (
    <Show when={count() > 0}>
      <p class="banner banner-info" role="status" data-testid="evidence-incomplete">
        {t('evidence.incomplete', { count: count() })}
      </p>
    </Show>
  );
}

/** The office's verdict, as the inspector sees it after a sync. */
export function ReviewNotice(props: { review: Review | undefined }) {
  return (
    <Show when={props.review}>
      {(r) => (
        <p
          class="banner"
          classList={{ 'banner-info': r().status === 'reviewed', 'banner-error': r().status === 'returned' }}
          role="status"
          data-testid="review-notice"
          data-status={r().status}
        >
          {r().status === 'reviewed'
            ? t('review.reviewed', { by: r().by, time: formatWhen(r().at) })
            : t('review.returned', { by: r().by, time: formatWhen(r().at), comment: r().comment })}
        </p>
      )}
    </Show>
  );
}

/** Changes the server refused: their content stays here, and the user is told why. */
export function RefusalList(props: { refusals: Refusal[] }) {
  return (
    <Show when={props.refusals.length > 0}>
      <section class="banner banner-error refusals" role="alert" data-testid="refusals">
        <strong>{t('refusal.title')}</strong>
        <ul>
          <For each={props.refusals}>
            {(r) => (
              <li>
                {t('refusal.item', { kind: t(`refusal.kind.${r.mutation.kind}` as MessageKey), message: r.message })}
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}

/** Another device's version replaced this device's: say who, and show what we had. */
export function ConflictNotice(props: { conflict: Conflict; was: string; what?: string }) {
  return (
    <div class="banner banner-info conflict" role="status" data-testid="conflict" data-kind={props.conflict.kind}>
      <span>
        {props.what
          ? t('conflict.otherNotice', { by: props.conflict.by, what: props.what, was: props.was })
          : t('conflict.notice', { by: props.conflict.by, was: props.was })}
      </span>
      <button type="button" class="ghost" onClick={() => void save(() => dismissConflict(props.conflict.key))}>
        {t('conflict.dismiss')}
      </button>
    </div>
  );
}

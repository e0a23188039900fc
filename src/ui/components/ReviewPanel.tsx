import { TEXT_LIMITS } from '../../shared/text-limits';
import { createSignal, Show } from 'solid-js';
import { saveReview } from '../../db/reviews';
import type { Review } from '../../shared/inspection';
import { t } from '../i18n';
import { save } from '../state/save-status';
import { account, syncNow } from '../state/sync';

/** The reviewer's verdict: accept, or return to the inspectors with a comment they see on their next sync. */
export function ReviewPanel(props: { inspectionId: string }) {
  const [comment, setComment] = createSignal('');
  const [error, setError] = createSignal(false);
  const decide = async (status: Review['status']) => {
    const text = comment().trim();
    if (status === 'returned' && !text) return setError(true);
    setError(false);
    const [inspectionId, by] = [props.inspectionId, account()?.user.name ?? ''];
    const saved = await save(() => saveReview(inspectionId, status, text, by));
    if (saved) {
      setComment('');
      void syncNow();
    }
  };
  return (
    <section class="review-panel card" aria-label={t('review.title')} data-testid="review-panel">
      <h2>{t('review.title')}</h2>
      <label>
        {t('review.comment')}
        <textarea
          rows="3"
          maxLength={TEXT_LIMITS.comment}
          value={comment()}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </label>
      <Show when={error()}>
        <p class="warn" role="alert">
          {t('review.needComment')}
        </p>
      </Show>
      <div class="row">
        <button type="button" class="primary" onClick={() => void decide('reviewed')} data-testid="review-accept">
          {t('review.markReviewed')}
        </button>
        <button type="button" onClick={() => void decide('returned')} data-testid="review-return">
          {t('review.return')}
        </button>
      </div>
    </section>
  );
}

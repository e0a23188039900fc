import { For } from 'solid-js';
import type { ResultBucket, ResultCounts as Counts } from '../../shared/progress';
import { t } from '../i18n';

export const BUCKETS: ResultBucket[] = ['pass', 'fail', 'partial', 'na', 'value', 'unanswered'];

/** Items per result: 符合 / 不符合 / 部分符合 / 不适用 / 记录值 / 未检查. */
export function ResultCounts(props: { counts: Counts }) {
  return (
    <dl class="counts" data-testid="counts">
      <For each={BUCKETS}>
        {(k) => (
          <div class={`count count-${k}`}>
            <dt>{t(`result.${k}`)}</dt>
            <dd data-bucket={k}>{props.counts[k]}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}

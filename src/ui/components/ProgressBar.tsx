import type { Progress } from '../../shared/progress';

/** A thin bar plus "answered/total"; the bar alone is not accessible text. */
export function ProgressBar(props: { progress: Progress; label: string }) {
  const pct = () =>
    props.progress.total === 0 ? 0 : Math.round((props.progress.answered / props.progress.total) * 100);
  return (
    <div class="progress" classList={{ complete: props.progress.complete }}>
      <div
        class="progress-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={props.progress.total}
        aria-valuenow={props.progress.answered}
      >
        <div class="progress-fill" style={{ width: `${pct()}%` }} />
      </div>
      <span class="progress-text">
        {props.progress.answered}/{props.progress.total}
      </span>
    </div>
  );
}

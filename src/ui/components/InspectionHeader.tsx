import { A } from '@solidjs/router';
import type { Inspection } from '../../shared/inspection';

/** Unit and date, linking back to the rooms overview. */
export function InspectionHeader(props: { inspection: Inspection; sub?: string }) {
  return (
    <div class="inspection-header">
      <A href={`/i/${props.inspection.id}`} class="unit-link">
        <h1>{props.inspection.unit}</h1>
      </A>
      <p class="muted">
        {props.inspection.date}
        {props.sub ? ` · ${props.sub}` : ''}
      </p>
    </div>
  );
}

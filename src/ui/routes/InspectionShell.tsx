import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { useParams, type RouteSectionProps } from '@solidjs/router';
import { Loaded } from '../components/Loaded';
import { createInspectionState } from '../state/bundle';
import { InspectionProvider, inspectionOf } from '../state/inspection-context';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

/** The parent of an inspection's screens: its state, read once for /i/:id and kept while they change. */
export default function InspectionShell(props: RouteSectionProps) {
  const params = useParams<{ id: string }>();
  const state = createInspectionState(() => params.id);
  return (
    <Loaded state={state}>
      {(b) => {
        const inspection = inspectionOf(state, b);
        return <InspectionProvider value={inspection}>{props.children}</InspectionProvider>;
      }}
    </Loaded>
  );
}

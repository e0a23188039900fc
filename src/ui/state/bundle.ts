import { batch, createEffect, createMemo, onCleanup, type Accessor } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import { inspectionParts, observe, type InspectionBundle } from '../../db';
import type { ChecklistTemplate } from '../../shared/checklist';
import { isLocked, photoCountsByItem } from '../../shared/evidence';
import type { Answer, Finding, Inspection } from '../../shared/inspection';
import type { ByKey, VisitRecords } from '../../shared/progress';
import { canInspect } from './sync';

export interface BundleState {
  loading: boolean;
  bundle: Omit<InspectionBundle, 'answers' | 'findings'> | undefined;
  answers: Record<string, Answer>;
  findings: Record<string, Finding>;
}

/** The bundle once the inspection and its template have loaded: what the inspection's screens show. */
export type LoadedBundle = Omit<InspectionBundle, 'answers' | 'findings' | 'template'> & {
  template: ChecklistTemplate;
};

type Bundle = NonNullable<BundleState['bundle']>;
/** The parts observed by inspection id (the template is observed by its reference). */
const BY_ID = ['rooms', 'computers', 'photos', 'signatures', 'conflicts', 'refusals', 'review'] as const;
type ById = (typeof BY_ID)[number];

/** A live view over the store: what the pure functions in src/shared read, with no copy. */
const byKey = <T>(records: () => Record<string, T>): ByKey<T> => ({
  get: (key) => records()[key],
  values: () => Object.values(records()),
});

const views = new WeakMap<BundleState, VisitRecords>();

/**
 * The live state of one inspection, from IndexedDB. Each table is observed on its own
 * and reconciled into one store by record id, so a tap re-reads the answers alone and
 * re-renders only the item it changed, even in a 40-PC office of 730 items.
 */
export function createInspectionState(id: Accessor<string>): BundleState {
  const [state, setState] = createStore<BundleState>({ loading: true, bundle: undefined, answers: {}, findings: {} });
  const photoCounts = createMemo(() => photoCountsByItem(state.bundle?.photos ?? []));
  views.set(state, {
    // Read by the screens inside their memos and JSX, which track the store per key.
    // eslint-disable-next-line solid/reactivity
    answers: byKey(() => state.answers),
    // eslint-disable-next-line solid/reactivity
    findings: byKey(() => state.findings),
    get photoCounts() {
      return photoCounts();
    },
  });

  createEffect(() => {
    const inspectionId = id();
    setState({ loading: true, bundle: undefined, answers: {}, findings: {} });
    // Parts arrive one by one; the screen gets them together, once each has arrived.
    // `latest` always holds the newest of each, for a start again after a removal.
    const latest: Partial<Bundle> & { answers?: Answer[]; findings?: Finding[] } = {};
    let ready = false;
    let missing = false;
    const subscriptions: { unsubscribe(): void }[] = [];
    const fail = (err: unknown) => {
      console.error('loading inspection failed', err);
      setState('loading', false);
    };
    const watch = <T>(query: () => Promise<T>, next: (value: T) => void) => {
      const sub = observe(query).subscribe({ next, error: fail });
      subscriptions.push(sub);
      return sub;
    };
    const setPart = <K extends keyof Bundle>(name: K, value: Bundle[K]) => {
      latest[name] = value;
      if (!ready) return show();
      if (!missing) setState('bundle', name as 'rooms', reconcile(value as Bundle['rooms'], { key: 'id' }));
    };
    const setRecords = <K extends 'answers' | 'findings'>(name: K, rows: NonNullable<(typeof latest)[K]>) => {
      latest[name] = rows;
      if (!ready) return show();
      const byId = Object.fromEntries(rows.map((r) => [r.id, r])) as BundleState[K];
      if (!missing) setState(name as 'answers', reconcile(byId as BundleState['answers']));
    };
    const show = () => {
      if (missing || !latest.inspection || !('template' in latest)) return;
      if (![...BY_ID, 'answers', 'findings'].every((k) => k in latest)) return;
      const { answers = [], findings = [], ...bundle } = latest;
      ready = true;
      batch(() => {
        setState('answers', Object.fromEntries(answers.map((a) => [a.id, a])));
        setState('findings', Object.fromEntries(findings.map((f) => [f.id, f])));
        setState('bundle', { ...bundle } as Bundle);
        setState('loading', false);
      });
    };

    let templateRef = '';
    let template: { unsubscribe(): void } | undefined;
    watch(
      () => inspectionParts.inspection(inspectionId),
      (inspection: Inspection | undefined) => {
        if (!inspection) {
          missing = true;
          ready = false;
          return void setState({ loading: false, bundle: undefined, answers: {}, findings: {} });
        }
        missing = false;
        setPart('inspection', inspection);
        // The template is read again only if the inspection moves to another one.
        const ref = `${inspection.template.id}@${inspection.template.version}`;
        if (ref === templateRef) return;
        templateRef = ref;
        // Never show the new inspection with the old template: wait for the new one.
        if (latest.template !== undefined) {
          delete latest.template;
          ready = false;
        }
        template?.unsubscribe();
        template = watch(
          () => inspectionParts.template(inspection.template),
          (t) => setPart('template', t),
        );
      },
    );
    for (const name of BY_ID)
      watch(
        () => inspectionParts[name](inspectionId) as Promise<Bundle[ById]>,
        (value) => setPart(name, value),
      );
    watch(
      () => inspectionParts.answers(inspectionId),
      (rows) => setRecords('answers', rows),
    );
    watch(
      () => inspectionParts.findings(inspectionId),
      (rows) => setRecords('findings', rows),
    );
    onCleanup(() => {
      for (const sub of subscriptions) sub.unsubscribe();
    });
  });
  return state;
}

/** The records as the pure progress functions in src/shared take them: a live view, no copy. */
export function recordsOf(state: BundleState): VisitRecords {
  const view = views.get(state);
  if (!view) throw new Error('recordsOf: not a state made by createInspectionState');
  return view;
}

/** A copy in plain Maps, for what leaves the page (the record worker's job). */
export function snapshotRecords(state: BundleState): { answers: Map<string, Answer>; findings: Map<string, Finding> } {
  return {
    answers: new Map(Object.entries(unwrap(state.answers))),
    findings: new Map(Object.entries(unwrap(state.findings))),
  };
}

/** Signed (and not reopened): the UI shows it read-only. */
export function lockedOf(state: BundleState): boolean {
  return isLocked(state.bundle?.signatures ?? []);
}

/** Nothing to edit here: signed, or the user reviews rather than inspects. */
export function readOnlyOf(state: BundleState): boolean {
  return lockedOf(state) || !canInspect();
}

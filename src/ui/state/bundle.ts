import { createEffect, onCleanup, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { loadBundle, observe, type InspectionBundle } from '../../db';
import { isLocked, photoCountsByItem } from '../../shared/evidence';
import type { Answer, Finding } from '../../shared/inspection';
import type { VisitRecords } from '../../shared/progress';
import { canInspect } from './sync';

export interface BundleState {
  loading: boolean;
  bundle: Omit<InspectionBundle, 'answers' | 'findings'> | undefined;
  answers: Record<string, Answer>;
  findings: Record<string, Finding>;
}

/**
 * The live state of one inspection, from IndexedDB. Reconciled into a store so that
 * a tap re-renders only the item it changed, even in a 150-item office.
 */
export function createInspectionState(id: Accessor<string>): BundleState {
  const [state, setState] = createStore<BundleState>({ loading: true, bundle: undefined, answers: {}, findings: {} });
  createEffect(() => {
    const inspectionId = id();
    setState('loading', true);
    const sub = observe(() => loadBundle(inspectionId)).subscribe({
      next: (b) => {
        if (!b) {
          setState({ loading: false, bundle: undefined, answers: {}, findings: {} });
          return;
        }
        const { answers, findings, ...rest } = b;
        setState('bundle', reconcile(rest, { key: 'id' }));
        setState('answers', reconcile(Object.fromEntries(answers)));
        setState('findings', reconcile(Object.fromEntries(findings)));
        setState('loading', false);
      },
      error: (err: unknown) => {
        console.error('loading inspection failed', err);
        setState('loading', false);
      },
    });
    onCleanup(() => sub.unsubscribe());
  });
  return state;
}

/** The records as the pure progress functions in src/shared take them. */
export function recordsOf(state: BundleState): VisitRecords {
  return {
    answers: new Map(Object.entries(state.answers)),
    findings: new Map(Object.entries(state.findings)),
    photoCounts: photoCountsByItem(state.bundle?.photos ?? []),
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

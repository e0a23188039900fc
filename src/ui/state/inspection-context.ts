// One inspection's state for all its screens (/i/:id and below): the parent route reads it
// from IndexedDB once, and moving between the rooms, the summary, signing and the report
// keeps it instead of reading everything again.
import { createContext, untrack, useContext, type Accessor } from 'solid-js';
import type { Position } from '../../shared/inspection';
import type { BundleState, LoadedBundle } from './bundle';

export interface CurrentInspection {
  state: BundleState;
  /** The loaded inspection: live, to be read in memos and JSX. */
  b: Accessor<LoadedBundle>;
  /**
   * Open the next room at this item. A screen that sends the inspector to an item saves
   * the position too, but the observers may not have brought it back when the room opens.
   */
  openAt(place: Position): void;
  /** The item a room opens at: the one just asked for, else where the inspector left off. */
  startOf(roomId: string): string | undefined;
}

const InspectionContext = createContext<CurrentInspection>();

export const InspectionProvider = InspectionContext.Provider;

/** What the parent route provides once the inspection and its template have loaded. */
export function inspectionOf(state: BundleState, b: Accessor<LoadedBundle>): CurrentInspection {
  let asked: Position | undefined;
  return {
    state,
    b,
    openAt: (place) => (asked = place),
    startOf(roomId) {
      // The place the summary asked for is for its own room only: another room opened
      // later (the asked one was never shown) starts from the stored position.
      const place = asked?.roomId === roomId ? asked : untrack(() => b().inspection.position);
      asked = undefined;
      return place?.roomId === roomId ? place.itemKey : undefined;
    },
  };
}

/** The inspection of the screen's /i/:id (inside the parent route only). */
export function useInspection(): CurrentInspection {
  const inspection = useContext(InspectionContext);
  if (!inspection) throw new Error('useInspection: outside the /i/:id route');
  return inspection;
}

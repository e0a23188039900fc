import { liveQuery } from 'dexie';

/** Observe a query; re-runs when the tables it read change (in any tab). */
export const observe = liveQuery;

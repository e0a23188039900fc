// The one door to IndexedDB: the rest of the app imports from here, never from dexie
// (an ESLint rule enforces it).
import { liveQuery } from 'dexie';

export { database, onUpgradeRequired, useDatabase, write } from './connection';
export { createDatabase, DB_NAME, type XunjianDB } from './database';
export { InspectionLockedError, StorageWriteError, type StorageFailure } from './errors';
export * from './inspections';
export * from './rooms';
export * from './answers';
export * from './templates';
export * from './settings';
export * from './storage';

/** Observe a query; re-runs when the tables it read change (in any tab). */
export const observe = liveQuery;
export * from './evidence';

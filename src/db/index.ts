// The one door to IndexedDB: the rest of the app imports from here, never from dexie
// (an ESLint rule enforces it). Start-up code imports the modules it needs directly
// (src/db/inspections, …), so the rest stays out of the app shell's chunk.
export { onUpgradeRequired, useDatabase, write } from './connection';
export { createDatabase, type XunjianDB } from './database';
export { InspectionLockedError, StorageWriteError } from './errors';
export * from './inspections';
export * from './bundle';
export * from './rooms';
export * from './answers';
export * from './templates';
export * from './settings';
export * from './storage';
export * from './evidence';
export * from './blobs';
export { observe } from './live';
export * from './drafts';
export * from './outbox';
export * from './sync-state';
export * from './pulled';
export { applyHeldChanges, heldChangeCount } from './held-changes';
export * from './account';
export * from './sign-in';
export * from './reviews';
export {
  endRepairGraceSync,
  forgotConfirmed,
  lowerConfirmed,
  noticeRestore,
  queueRepair,
  repairGraceLeft,
  repairPending,
} from './repair';
export * from './device-scope';

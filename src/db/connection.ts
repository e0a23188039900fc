import { createDatabase, type XunjianDB } from './database';
import { isConnectionLost, isQuotaError, StorageWriteError } from './errors';

let db: XunjianDB | undefined;
let upgradeRequired = false;
const upgradeListeners = new Set<() => void>();

/** The app's database. Another tab opening a newer schema closes it (see below). */
export function database(): XunjianDB {
  if (!db) useDatabase(createDatabase());
  return db as XunjianDB;
}

function watchVersionChange(target: XunjianDB): void {
  target.on('versionchange', () => {
    // A newer version of the app is upgrading the schema in another tab. Close at
    // once so its upgrade is not blocked, and ask this tab's user to reload: this
    // tab's code no longer matches the schema.
    target.close();
    upgradeRequired = true;
    for (const listener of upgradeListeners) listener();
    return false;
  });
}

/** Called when another tab upgraded the schema and this tab must reload. */
export function onUpgradeRequired(listener: () => void): () => void {
  upgradeListeners.add(listener);
  return () => upgradeListeners.delete(listener);
}

/** Use this database from now on (the app's own on first use; tests use a fresh one per case). */
export function useDatabase(next: XunjianDB): void {
  db = next;
  upgradeRequired = false;
  watchVersionChange(next);
}

/**
 * Run a write. A lost connection is reopened and the write retried once; a full disk
 * becomes a StorageWriteError('quota'). Nothing already committed is touched.
 */
export async function write<T>(run: (db: XunjianDB) => Promise<T>): Promise<T> {
  if (upgradeRequired) throw new StorageWriteError('upgrade');
  const d = database();
  try {
    return await run(d);
  } catch (err) {
    if (isQuotaError(err)) throw new StorageWriteError('quota', err);
    if (!isConnectionLost(err)) throw err;
    try {
      if (d.isOpen()) d.close();
      await d.open();
      return await run(d);
    } catch (retryErr) {
      if (isQuotaError(retryErr)) throw new StorageWriteError('quota', retryErr);
      throw new StorageWriteError('unavailable', retryErr);
    }
  }
}

export interface StorageStatus {
  /** true: the browser will not evict our data; false: refused; undefined: API missing. */
  persisted: boolean | undefined;
  usage: number | undefined;
  quota: number | undefined;
}

/** Ask once for persistent storage (evictable data is a risk for a week offline). */
export async function requestPersistence(): Promise<boolean | undefined> {
  if (!navigator.storage?.persist) return undefined;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

export async function storageStatus(): Promise<StorageStatus> {
  const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : undefined;
  const estimate = navigator.storage?.estimate ? await navigator.storage.estimate() : undefined;
  return { persisted, usage: estimate?.usage, quota: estimate?.quota };
}

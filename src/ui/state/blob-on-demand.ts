// Bytes this phone may lack: photos and signature images of an inspection opened from the
// office list come when they are shown (or printed), not with every sync.
import { getBlob } from '../../db/blobs';
import type { StoredBlob } from '../../shared/evidence';

/** The stored bytes, or fetched from the server now (and kept); undefined offline or while the server lacks them. */
export async function loadOrFetchBlob(sha256: string, type: string): Promise<StoredBlob | undefined> {
  const stored = await getBlob(sha256);
  if (stored) return stored;
  try {
    const [{ serverApi }, { fetchBlob }] = await Promise.all([import('./server'), import('../../sync/on-demand')]);
    const api = serverApi();
    if (api && (await fetchBlob(api, sha256, type))) return getBlob(sha256);
  } catch (err) {
    console.warn('bytes not fetched', sha256, err); // offline: shown (or printed) as missing until next time
  }
  return undefined;
}

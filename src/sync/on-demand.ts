// What a phone fetches only when the user looks at it: an inspection from the office list
// (its records), and the bytes of its photos as they are shown.
import { applySnapshot, storeDownloadedBlob } from '../db';
import { sha256Hex } from '../shared/evidence';
import type { Api } from './api';

/** Fetch one inspection's records into this phone; false when the server has none this user may read. */
export async function openFromServer(
  api: Api,
  inspectionId: string,
  account: { deviceId: string; user: { id: number } },
): Promise<boolean> {
  const snapshot = await api.openInspection(inspectionId);
  if (!snapshot) return false;
  await applySnapshot(snapshot, account.deviceId, account.user.id);
  return true;
}

/** A photo's (or signature's) bytes from the server, checked and kept; false while the server lacks them. */
export async function fetchBlob(api: Api, sha256: string, type: string): Promise<boolean> {
  const data = await api.getBlob(sha256);
  if (!data || (await sha256Hex(data)) !== sha256) return false;
  await storeDownloadedBlob({ sha256, type, data });
  return true;
}

// One sync: bytes up, outbox up, the server's changes down, missing bytes down. Each
// step is safe to cut off anywhere — the outbox, the uploads and the pull cursor only
// move after the server confirmed — so the next run simply carries on.
import {
  applyPulled,
  confirmPushed,
  forgetToken,
  applyHeldChanges,
  markUploaded,
  missingBlobs,
  outboxSize,
  pendingUploads,
  pullCursor,
  lastNumberedSeq,
  refuseUpload,
  renumberFrom,
  resetPullCursor,
  storeDownloadedBlob,
  takeBatch,
  getBlob,
  type Account,
} from '../db';
import { sha256Hex } from '../shared/evidence';
import { MAX_PUSH_ENTRIES, MutationShape, type Change } from '../shared/sync-protocol';
import { OfflineError, SyncRequestError, type Api } from './api';

export type SyncPhase = 'uploading' | 'pushing' | 'pulling' | 'downloading';

export interface SyncProgress {
  phase: SyncPhase;
  itemsDone: number;
  itemsTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** Why a sync stopped, in terms the UI explains (src/ui/i18n: sync.error.*). */
export type SyncFailure =
  | 'offline'
  | 'signed-out' // the server no longer accepts this device (revoked, or logged out elsewhere)
  | 'update-required' // the server speaks another protocol version
  | 'storage' // this device could not store what arrived
  | 'server'; // anything else the server said no to

export type SyncOutcome =
  | {
      ok: true;
      at: number;
      pushed: number;
      pulled: number;
      /** Outbox entries the server can never apply (kept as refusals). */
      refused: number;
      /** Bytes the server would not take this time (too large, cut off): still waiting to go. */
      uploadsRefused: number;
      /** Photos and signatures whose bytes are not on the server yet. */
      missingPhotos: number;
    }
  | { ok: false; failure: SyncFailure; message: string };

const GAP_RETRIES = 3;

export async function runSync(
  api: Api,
  account: Account,
  onProgress: (p: SyncProgress) => void = () => {},
): Promise<SyncOutcome> {
  try {
    // Bytes the server refused for good are kept on the phone and shown, not resent.
    const uploads = (await pendingUploads()).filter((u) => u.refused === undefined);
    const changes = await outboxSize();
    const progress: SyncProgress = {
      phase: 'uploading',
      itemsDone: 0,
      itemsTotal: uploads.length + changes,
      bytesDone: 0,
      bytesTotal: uploads.reduce((sum, u) => sum + u.bytes, 0),
    };
    const report = (patch: Partial<SyncProgress>) => onProgress(Object.assign(progress, patch));
    report({});

    // Bytes first, so the records that refer to them arrive complete. Bytes the server
    // refuses stay waiting and do not hold back the records (the record is then
    // incomplete on the server, and says so, until they arrive).
    let uploadsRefused = 0;
    for (const upload of uploads) {
      try {
        await uploadOne(api, upload.sha256, upload.type);
      } catch (err) {
        if (!(err instanceof SyncRequestError) || isSessionError(err)) throw err;
        console.warn('sync: the server refused bytes', upload.sha256, err.code, err.message);
        // Too large or of a type the server does not store: sending again changes nothing.
        if (err.code === 'body-too-large' || err.code === 'unsupported-media-type')
          await refuseUpload(upload.sha256, err.message);
        uploadsRefused++;
      }
      report({ itemsDone: progress.itemsDone + 1, bytesDone: progress.bytesDone + upload.bytes });
    }

    report({ phase: 'pushing' });
    let pushed = 0;
    let refused = 0;
    let gaps = 0;
    for (;;) {
      const batch = await takeBatch(MAX_PUSH_ENTRIES);
      if (!batch.length) break;
      try {
        const result = await api.push(account.deviceId, batch);
        // The server has applied more of this device's entries than this phone ever
        // numbered: its data is an older copy (restored from a backup). Confirming would
        // drop entries the server never saw under these numbers; stop and say so instead.
        if (result.appliedThroughSeq > (await lastNumberedSeq()))
          throw new SyncRequestError(
            409,
            'seq-gap',
            `the server has applied entries up to ${result.appliedThroughSeq} from this device, more than it has: sign in again`,
          );
        await confirmPushed(result.appliedThroughSeq, result.failed);
        pushed += batch.length;
        refused += result.failed.length;
        report({ itemsDone: progress.itemsDone + batch.length });
      } catch (err) {
        // The server has not seen entries before ours: none of ours was applied, renumber.
        if (
          err instanceof SyncRequestError &&
          err.code === 'seq-gap' &&
          err.detail.expectedSeq &&
          gaps++ < GAP_RETRIES
        ) {
          await renumberFrom(err.detail.expectedSeq);
          continue;
        }
        throw err;
      }
    }
    // What the server holds instead of the refused entries comes with a full pull.
    if (refused) await resetPullCursor();

    report({ phase: 'pulling' });
    // Changes held by an older version of this app that this one can read: applied first,
    // so what the server sends next supersedes them in order.
    let pulled = await applyHeldChanges(account.deviceId, isReadableChange);
    let cursor = await pullCursor();
    for (;;) {
      const page = await api.pull(cursor);
      pulled += await applyPulled(page.changes, page.cursor, account.deviceId, isReadableChange);
      cursor = page.cursor;
      if (!page.more) break;
    }

    const missing = await missingBlobs();
    report({ phase: 'downloading', itemsTotal: progress.itemsTotal + missing.length });
    let stillMissing = 0;
    for (const blob of missing) {
      const data = await api.getBlob(blob.sha256);
      // Not uploaded by its device yet (or cut off): the record stays incomplete until then.
      if (!data || (await sha256Hex(data)) !== blob.sha256) stillMissing++;
      else await storeDownloadedBlob({ sha256: blob.sha256, type: blob.type, data });
      report({ itemsDone: progress.itemsDone + 1 });
    }
    return { ok: true, at: Date.now(), pushed, pulled, refused, uploadsRefused, missingPhotos: stillMissing };
  } catch (err) {
    return failureOf(err);
  }
}

async function uploadOne(api: Api, sha256: string, type: string): Promise<void> {
  if (!(await api.hasBlob(sha256))) {
    const blob = await getBlob(sha256);
    // Removed while waiting (its photo was deleted): nothing to send.
    if (!blob) return markUploaded(sha256);
    // A hash mismatch means the bytes were cut off on the way: the server kept nothing,
    // and the next sync sends them again whole.
    await api.putBlob(sha256, type, blob.data);
  }
  await markUploaded(sha256);
}

/**
 * Whether this app version can read a change. One it cannot (a newer server's record
 * kind or field) is held raw until an update can, never skipped (src/db/held-changes.ts).
 */
function isReadableChange(change: Change): boolean {
  const ok = MutationShape.safeParse({ kind: change.kind, record: change.record }).success;
  if (!ok) console.warn('sync: holding a change this version cannot read', change.kind, change.changeId);
  return ok;
}

/** The server no longer accepts this device's token. */
function isSessionError(err: SyncRequestError): boolean {
  return err.code === 'unauthorized' || err.code === 'device-revoked' || err.code === 'unsupported-format';
}

async function failureOf(err: unknown): Promise<SyncOutcome> {
  if (err instanceof OfflineError) return { ok: false, failure: 'offline', message: err.message };
  if (err instanceof SyncRequestError) {
    if (err.code === 'unauthorized' || err.code === 'device-revoked') {
      // Keep every record and the outbox; only the token goes. Signing in again sends them.
      await forgetToken();
      return { ok: false, failure: 'signed-out', message: err.message };
    }
    if (err.code === 'unsupported-format') return { ok: false, failure: 'update-required', message: err.message };
    return { ok: false, failure: 'server', message: err.message };
  }
  if (err instanceof Error && err.name === 'StorageWriteError')
    return { ok: false, failure: 'storage', message: err.message };
  return { ok: false, failure: 'server', message: err instanceof Error ? err.message : String(err) };
}

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
  endRepairGraceSync,
  forgotConfirmed,
  knownParticipants,
  leaveInspections,
  lowerConfirmed,
  repairGraceLeft,
  noticeRestore,
  openedOnDemand,
  pruneOutOfScope,
  queueRepair,
  rememberSharedBy,
  repairPending,
  type Account,
} from '../db';
import { sha256Hex } from '../shared/evidence';
import { MAX_PUSH_ENTRIES, Mutation, MutationShape, type Change, type FailureCode } from '../shared/sync-protocol';
import { describeIssues } from '../shared/issues';
import { inspectionOf } from '../shared/sync-records';
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
      /** The server had been restored from a backup: this phone sent its work again. */
      repaired: boolean;
    }
  | { ok: false; failure: SyncFailure; message: string };

const GAP_RETRIES = 3;

/** The server turned out to be restored mid-run: start the run over, repairing first. */
class RestoreNoticed extends Error {}

export async function runSync(
  api: Api,
  account: Account,
  onProgress: (p: SyncProgress) => void = () => {},
): Promise<SyncOutcome> {
  let repaired = false;
  // A run that notices a restore repairs and runs again from the start (a restore noticed
  // again while repairing would be a second restore in the middle of this sync).
  for (let round = 0; ; round++) {
    try {
      if (await repairPending()) {
        await queueRepair();
        repaired = true;
      }
      const outcome = await syncRound(api, account, onProgress, repaired);
      if (outcome.ok && (await repairGraceLeft())) await endRepairGraceSync();
      return outcome.ok ? { ...outcome, repaired } : outcome;
    } catch (err) {
      if (err instanceof RestoreNoticed && round < 2) continue;
      if (err instanceof RestoreNoticed)
        return { ok: false, failure: 'server', message: 'the server was restored again during this sync: sync again' };
      return failureOf(err);
    }
  }
}

/** After a repair, a colleague's phone may not have repaired yet: these refusals mean "not yet". */
const NOT_YET: ReadonlySet<FailureCode> = new Set(['not-a-participant', 'unknown-inspection']);

async function syncRound(
  api: Api,
  account: Account,
  onProgress: (p: SyncProgress) => void,
  repairing: boolean,
): Promise<Extract<SyncOutcome, { ok: true }> | Exclude<SyncOutcome, { ok: true }>> {
  {
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
    const retry = (await repairGraceLeft()) ? NOT_YET : new Set<FailureCode>();
    // Entries queued again in this run wait for the next one (a colleague's repair).
    const retried = new Set<string>();
    for (;;) {
      const batch = await takeBatch(MAX_PUSH_ENTRIES, undefined, problemOf);
      if (!batch.length || batch.every((e) => retried.has(JSON.stringify(e.mutation)))) break;
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
        const again = await confirmPushed(result.appliedThroughSeq, result.failed, account.deviceId, retry);
        const bySeq = new Map(batch.map((e) => [e.seq, e]));
        for (const f of again) retried.add(JSON.stringify(bySeq.get(f.seq)?.mutation));
        pushed += batch.length - again.length;
        refused += result.failed.length - again.length;
        report({ itemsDone: progress.itemsDone + batch.length });
      } catch (err) {
        // The server has not seen entries before ours: none of ours was applied, renumber.
        if (
          err instanceof SyncRequestError &&
          err.code === 'seq-gap' &&
          err.detail.expectedSeq &&
          gaps++ < GAP_RETRIES
        ) {
          // It expects an entry it had confirmed: it was restored and lost ours since then
          // (unless this run is the repair already: its entries simply follow the server's).
          const forgot = await forgotConfirmed(account.deviceId, err.detail.expectedSeq - 1);
          await renumberFrom(err.detail.expectedSeq);
          await lowerConfirmed(account.deviceId, err.detail.expectedSeq - 1);
          if (forgot && !repairing) {
            await noticeRestore();
            throw new RestoreNoticed();
          }
          continue;
        }
        throw err;
      }
    }
    // What the server holds instead of the refused entries comes with a full pull.
    if (refused) await resetPullCursor();
    // The restored server may have lost participants this phone added: add them again.
    if (repairing) await addKnownParticipants(api);

    report({ phase: 'pulling' });
    // Changes held by an older version of this app that this one can read: applied first,
    // so what the server sends next supersedes them in order.
    let pulled = await applyHeldChanges(account.deviceId, isReadableChange);
    let cursor = await pullCursor();
    // From the start of the scope: what it does not hold afterwards is not this user's.
    const whole = cursor === null ? new Set<string>() : undefined;
    for (;;) {
      const page = await api.pull(cursor);
      // The server no longer holds what this phone last pulled: restored from a backup.
      // Its (older) copy must not replace ours before ours has gone up again.
      if (page.restarted) {
        await noticeRestore();
        throw new RestoreNoticed();
      }
      pulled += await applyPulled(page.changes, page.cursor, account.deviceId, isReadableChange);
      for (const change of page.changes) whole?.add(inspectionOf(change));
      await leaveInspections(page.left);
      await rememberSharedBy(page.joined);
      cursor = page.cursor;
      if (!page.more) break;
    }
    if (whole) await pruneOutOfScope(whole);

    // Inspections opened on demand fetch their bytes as they are shown.
    const missing = await missingBlobs(undefined, await openedOnDemand());
    report({ phase: 'downloading', itemsTotal: progress.itemsTotal + missing.length });
    let stillMissing = 0;
    for (const blob of missing) {
      const data = await api.getBlob(blob.sha256);
      // Not uploaded by its device yet (or cut off): the record stays incomplete until then.
      if (!data || (await sha256Hex(data)) !== blob.sha256) stillMissing++;
      else await storeDownloadedBlob({ sha256: blob.sha256, type: blob.type, data });
      report({ itemsDone: progress.itemsDone + 1 });
    }
    return {
      ok: true,
      at: Date.now(),
      pushed,
      pulled,
      refused,
      uploadsRefused,
      missingPhotos: stillMissing,
      repaired: false,
    };
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

async function addKnownParticipants(api: Api): Promise<void> {
  for (const [inspectionId, userIds] of await knownParticipants())
    for (const userId of userIds)
      await api.addParticipant(inspectionId, userId).catch((err: unknown) => {
        // The server decides: a colleague since removed elsewhere, a user deleted. Not a reason to stop.
        if (err instanceof OfflineError) throw err;
        console.warn('sync: participant not added again', inspectionId, userId, err);
      });
}

/** Why the server's schemas would refuse a change (checked here first, with the same schemas). */
function problemOf(mutation: unknown): string | undefined {
  const parsed = Mutation.safeParse(mutation);
  return parsed.success ? undefined : describeIssues(parsed.error, '(change)');
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

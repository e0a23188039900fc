import type { Kysely } from 'kysely';
import {
  SYNC_FORMAT_VERSION,
  type FailedEntry,
  type FailureCode,
  type PushRequest,
  type PushResponse,
} from '../../shared/sync-protocol';
import type { Schema } from '../storage/schema';
import type { Session } from './accounts';
import { applyMutation, parseMutation, recordKey } from './apply-mutation';
import { PushScope } from './push-scope';
import { refreshStatuses } from './inspection-status';
import type { Trx } from './records';
import { failpoint } from '../failpoints';
import { lockServerOrder } from '../storage/order-lock';

/** The device was revoked after its request was authenticated. */
export class DeviceRevokedError extends Error {
  constructor() {
    super('this device was signed out: sign in again');
  }
}

/** The push starts after an entry the server never saw: the device must send from `expectedSeq`. */
export class SeqGapError extends Error {
  constructor(readonly expectedSeq: number) {
    super(`the server has applied this device's entries up to ${expectedSeq - 1}: send from seq ${expectedSeq}`);
  }
}

type Envelope = { format: number; deviceId: string; entries: { seq: number; mutation: unknown }[] };

/**
 * Apply a device's outbox entries in one transaction that also moves the device's
 * last-applied seq: a crash leaves either all of it or none. Entries at or below that
 * seq were applied before (a replay after a lost reply) and are skipped; an entry that
 * can never apply is recorded as failed and the next ones still apply.
 */
export function applyPush(db: Kysely<Schema>, session: Session, push: Envelope | PushRequest): Promise<PushResponse> {
  return db.transaction().execute(async (trx) => {
    await lockServerOrder(trx, session.orgId);
    // Revoked while this push waited for the lock (the user signed in again on the phone,
    // and login settled this device's outbox): applying now would apply it twice.
    const device = await trx
      .selectFrom('devices')
      .select('revoked_at')
      .where('id', '=', session.deviceId)
      .executeTakeFirst();
    if (!device || device.revoked_at !== null) throw new DeviceRevokedError();
    const outbox = await trx
      .selectFrom('device_outbox')
      .select('last_seq')
      .where('device_id', '=', session.deviceId)
      .executeTakeFirst();
    const lastSeq = outbox?.last_seq ?? 0;
    const first = push.entries[0];
    const final = push.entries[push.entries.length - 1];
    if (!first || !final) return { format: SYNC_FORMAT_VERSION, appliedThroughSeq: lastSeq, failed: [] };
    if (first.seq > lastSeq + 1) throw new SeqGapError(lastSeq + 1);

    const at = Date.now();
    const user = await trx.selectFrom('users').select('name').where('id', '=', session.userId).executeTakeFirst();
    const fresh = push.entries
      .filter((entry) => entry.seq > lastSeq)
      .map((entry) => ({ ...entry, parsed: parseMutation(entry.mutation) }));
    const scope = new PushScope(trx, session.orgId, session.userId, session.role);
    await scope.prefetch(fresh.flatMap(({ parsed }) => ('kind' in parsed && recordKey(parsed)) || []));
    for (const entry of fresh) {
      const writer = {
        orgId: session.orgId,
        deviceId: session.deviceId,
        role: session.role,
        name: user?.name ?? '',
        userId: session.userId,
        seq: entry.seq,
        at,
      };
      const failure = 'code' in entry.parsed ? entry.parsed : await applyMutation(scope, writer, entry.parsed);
      if (failure)
        await trx
          .insertInto('failed_entries')
          .values({
            device_id: session.deviceId,
            seq: entry.seq,
            ...failure,
            mutation: JSON.stringify(entry.mutation),
            at,
          })
          .execute();
    }
    await scope.flush();
    await refreshStatuses(scope, at);
    const appliedThroughSeq = Math.max(lastSeq, final.seq);
    await trx
      .insertInto('device_outbox')
      .values({ device_id: session.deviceId, last_seq: appliedThroughSeq })
      .onConflict((oc) => oc.column('device_id').doUpdateSet({ last_seq: appliedThroughSeq }))
      .execute();
    failpoint('push-before-commit');

    // Also the failures of replayed entries: the first reply may never have arrived.
    const failed = await failedEntries(trx, session.deviceId, { from: first.seq, through: final.seq });
    return { format: SYNC_FORMAT_VERSION, appliedThroughSeq, failed };
  });
}

/** The device's entries the server refused, in seq order, as the wire format says them (also to a login). */
export async function failedEntries(
  trx: Trx,
  deviceId: string,
  seqs: { from?: number; through: number },
): Promise<FailedEntry[]> {
  let query = trx.selectFrom('failed_entries').select(['seq', 'code', 'message']).where('device_id', '=', deviceId);
  if (seqs.from !== undefined) query = query.where('seq', '>=', seqs.from);
  const rows = await query.where('seq', '<=', seqs.through).orderBy('seq').execute();
  return rows.map((f) => ({ seq: Number(f.seq), code: f.code as FailureCode, message: f.message }));
}

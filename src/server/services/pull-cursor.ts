// The pull cursor: where a phone stands in its scope's changes, and which change it saw
// last, so the server can tell whether it still holds that change. A server restored from
// a backup gives out the lost change ids again, to other versions; a cursor that only
// counted would then skip them for good (and the phone would never send again what the
// server lost). Opaque to phones: `epoch.place.changeId.seq.at.deviceId`. The entry
// (device, seq) alone does not name a version: a phone repairing after a restore sends
// the same records under the same seq numbers again, and may land on the very change id
// a colleague's cursor names; the server time of the push (`at`) tells them apart.
import { sql } from 'kysely';
import type { Trx } from './records';

export interface Cursor {
  epoch: string;
  /** The place in the scope's order: a change id, or a participant's addition. */
  place: number;
  /** The last change delivered at that place, and the outbox entry that wrote it. */
  changeId: number;
  seq: number;
  /** When the push that wrote it was applied (server clock, ms). */
  at: number;
  deviceId: string;
}

const FORM = /^([0-9a-f-]{1,40})\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})\.(.{1,64})$/;

export class MalformedCursorError extends Error {}

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.epoch}.${cursor.place}.${cursor.changeId}.${cursor.seq}.${cursor.at}.${cursor.deviceId}`;
}

export function decodeCursor(text: string): Cursor {
  const match = FORM.exec(text);
  if (!match) throw new MalformedCursorError('the cursor is not one this server handed out');
  const [, epoch, place, changeId, seq, at, deviceId] = match;
  return {
    epoch: epoch!,
    place: Number(place),
    changeId: Number(changeId),
    seq: Number(seq),
    at: Number(at),
    deviceId: deviceId!,
  };
}

/** The data set's epoch: a new one when the admin announces a restore (npm run admin -- restored). */
export async function currentEpoch(db: Trx): Promise<string> {
  const row = await db.selectFrom('server_state').select('epoch').executeTakeFirstOrThrow();
  return row.epoch;
}

/**
 * Whether the server still holds the change the cursor names, as the same version:
 * every version stays in `records` or `record_history`, so only another data set
 * (a restore, an epoch the admin replaced) fails this.
 */
export async function holdsCursor(db: Trx, orgId: number, cursor: Cursor, epoch: string): Promise<boolean> {
  if (cursor.epoch !== epoch) return false;
  const { rows } = await sql<{ n: number }>`
    select 1 as n from records
    where org_id = ${orgId} and change_id = ${cursor.changeId} and seq = ${cursor.seq} and at = ${cursor.at} and device_id = ${cursor.deviceId}
    union all
    select 1 as n from record_history
    where org_id = ${orgId} and change_id = ${cursor.changeId} and seq = ${cursor.seq} and at = ${cursor.at} and device_id = ${cursor.deviceId}
  `.execute(db);
  return rows.length > 0;
}

import { sql, type Kysely } from 'kysely';
import { MAX_PULL_CHANGES, SYNC_FORMAT_VERSION, type PullRequest, type PullResponse } from '../../shared/sync-protocol';
import type { Schema } from '../storage/schema';
import type { Session } from './accounts';
import { toChange } from './encoder';
import { currentEpoch, decodeCursor, encodeCursor, holdsCursor, type Cursor } from './pull-cursor';

/**
 * The changes of the user's scope (the inspections they are a member of) after the
 * cursor, in order. A record's place is its change id, or, for a member added later, the
 * place of the addition if that is later: the inspection's earlier records then arrive
 * together at that place. A record changed several times since appears once, as it is now.
 */
export async function pullChanges(db: Kysely<Schema>, session: Session, pull: PullRequest): Promise<PullResponse> {
  const limit = pull.limit ?? MAX_PULL_CHANGES;
  const epoch = await currentEpoch(db);
  let from: Cursor | undefined = pull.cursor === null ? undefined : decodeCursor(pull.cursor);
  // Not a change this data set holds: start the scope over, and say so.
  const restarted = from !== undefined && !(await holdsCursor(db, session.orgId, from, epoch));
  if (restarted) from = undefined;
  const place = from?.place ?? 0;
  const after = from?.changeId ?? 0;

  const position = sql<number>`case when r.change_id > m.change_id then r.change_id else m.change_id end`;
  const rows = await db
    .selectFrom('inspection_members as m')
    .innerJoin('records as r', 'r.inspection_id', 'm.inspection_id')
    // Left joins: a record is never held back for want of a name.
    .leftJoin('devices as d', 'd.id', 'r.device_id')
    .leftJoin('users as u', 'u.id', 'd.user_id')
    .select(['r.kind', 'r.body', 'r.change_id', 'r.device_id', 'r.seq', 'r.at', 'u.name as by', position.as('place')])
    .where('m.user_id', '=', session.userId)
    .where('m.org_id', '=', session.orgId)
    .where('m.removed_at', 'is', null)
    // The same condition as below, in a form the (inspection_id, change_id) index serves.
    .where((eb) => eb.or([eb('r.change_id', '>', place), eb('m.change_id', '>=', place)]))
    .where((eb) => eb.or([eb(position, '>', place), eb.and([eb(position, '=', place), eb('r.change_id', '>', after)])]))
    .orderBy('place')
    .orderBy('r.change_id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const cursor = last
    ? encodeCursor({
        epoch,
        place: Number(last.place),
        changeId: Number(last.change_id),
        seq: Number(last.seq),
        at: Number(last.at),
        deviceId: last.device_id,
      })
    : restarted
      ? null
      : pull.cursor;

  const left = await db
    .selectFrom('inspection_members')
    .select('inspection_id')
    .where('user_id', '=', session.userId)
    .where('removed_at', 'is not', null)
    .where('removed_change_id', '>', place)
    .execute();
  const joined = await db
    .selectFrom('inspection_members as m')
    .innerJoin('users as a', 'a.id', 'm.added_by')
    .select(['m.inspection_id', 'a.name'])
    .where('m.user_id', '=', session.userId)
    .where('m.removed_at', 'is', null)
    .where('m.change_id', '>', place)
    .execute();
  return {
    format: SYNC_FORMAT_VERSION,
    changes: page.map(toChange),
    cursor,
    more: rows.length > limit,
    restarted,
    left: left.map((r) => r.inspection_id),
    joined: joined.map((r) => ({ inspectionId: r.inspection_id, by: r.name })),
  };
}

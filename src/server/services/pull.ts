import type { Kysely } from 'kysely';
import { MAX_PULL_CHANGES, SYNC_FORMAT_VERSION, type PullRequest, type PullResponse } from '../../shared/sync-protocol';
import type { Schema } from '../storage/schema';
import type { Session } from './accounts';
import { toChange } from './encoder';

/**
 * The organisation's records changed after the cursor, in server order. A record
 * changed several times since appears once, as it is now.
 */
export async function pullChanges(db: Kysely<Schema>, session: Session, pull: PullRequest): Promise<PullResponse> {
  const limit = pull.limit ?? MAX_PULL_CHANGES;
  const rows = await db
    .selectFrom('records')
    // Left joins: a record is never held back for want of a name.
    .leftJoin('devices', 'devices.id', 'records.device_id')
    .leftJoin('users', 'users.id', 'devices.user_id')
    .select(['records.kind', 'records.body', 'records.change_id', 'records.device_id', 'users.name as by'])
    .where('records.org_id', '=', session.orgId)
    .where('records.change_id', '>', pull.cursor)
    .orderBy('records.change_id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    format: SYNC_FORMAT_VERSION,
    changes: page.map(toChange),
    cursor: page.length ? page[page.length - 1]!.change_id : pull.cursor,
    more: rows.length > limit,
  };
}

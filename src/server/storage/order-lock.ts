import { sql, type Kysely } from 'kysely';
import { dialectOf } from './dialect';
import type { Schema } from './schema';

/** First key of the advisory lock, so ours never meets another application's in a shared database. */
const XUNJIAN = 0x78756e6a; // "xunj"

/**
 * Hold the organisation's server order until the transaction ends: its pushes then run
 * one at a time, as every write does on SQLite. Two things rest on that, and PostgreSQL's
 * READ COMMITTED gives neither by itself:
 * - exactly once: two pushes from one device (a retry racing the original) cannot both
 *   read the same last_seq and both apply the entries after it;
 * - the pull cursor: change ids are handed out before commit, so without the lock a
 *   push could commit ids below the ones a pull has already passed, and they would
 *   never be pulled. Organisations are never read together, so theirs is the lock's scope.
 * A lock per organisation rather than a row lock on the device's outbox cursor, because
 * the cursor needs it anyway, and it covers the device's too.
 */
export async function lockServerOrder(trx: Kysely<Schema>, orgId: number): Promise<void> {
  // SQLite: the transaction holds the only connection, and writers take turns already.
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${XUNJIAN}::int4, ${orgId}::int4)`.execute(trx);
}

/**
 * `n` new change ids, lowest first. PostgreSQL numbers the rows of a multi-row insert in
 * order in practice but does not promise it; a later write in a push must get a higher
 * change id (it is the newer version), so on PostgreSQL the ids are taken first.
 */
export async function reserveChangeIds(trx: Kysely<Schema>, n: number): Promise<number[]> {
  if (!n) return [];
  const { rows } = await sql<{ id: number }>`
    select nextval(pg_get_serial_sequence('changes', 'id')) as id from generate_series(1, ${n}::int4)
  `.execute(trx);
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

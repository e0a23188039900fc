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
 *   never be pulled (the counter's row lock would give that one alone). Organisations
 *   are never read together, and each has its own counter, so theirs is the lock's scope.
 * A lock per organisation rather than a row lock on the device's outbox cursor, because
 * the cursor needs it anyway, and it covers the device's too.
 */
export async function lockServerOrder(trx: Kysely<Schema>, orgId: number): Promise<void> {
  // SQLite: the transaction holds the only connection, and writers take turns already.
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${XUNJIAN}::int4, ${orgId}::int4)`.execute(trx);
}

/**
 * The first of `n` new change ids for the organisation, the others following it: one
 * statement moves its counter past them all. Under the lock above, so the ids come in
 * the order the pushes commit, on both engines; the counter's row is new with the
 * organisation's first push.
 */
export async function takeChangeIds(trx: Kysely<Schema>, orgId: number, n: number): Promise<number> {
  const { value } = await trx
    .insertInto('change_counter')
    .values({ org_id: orgId, value: n })
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet((eb) => ({ value: eb('change_counter.value', '+', eb.ref('excluded.value')) })),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(value) - n + 1;
}

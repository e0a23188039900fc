import { PostgresAdapter, type Kysely } from 'kysely';
import type { Schema } from './schema';
import type { Dialect } from './storage';

/** Which engine a handle (or a transaction on it) speaks, for the few statements that differ. */
export function dialectOf(db: Kysely<Schema>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

import type { Kysely } from 'kysely';
import type { Schema } from './schema';

/**
 * The server's database, whatever engine holds it. Services only see the Kysely
 * handle, so PostgreSQL (issue 6) is a second `open…` function, not a second set of
 * services. SQLite is the embedded default.
 */
export interface Storage {
  db: Kysely<Schema>;
  dialect: 'sqlite';
  close: () => Promise<void>;
}

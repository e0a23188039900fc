import type { Kysely } from 'kysely';
import type { Schema } from './schema';

/**
 * The server's database, whatever engine holds it. Services only see the Kysely
 * handle, so PostgreSQL is a second `open…` function, not a second set of services;
 * the few places where the engines differ ask `dialectOf`. SQLite is the embedded default.
 */
export interface Storage {
  db: Kysely<Schema>;
  dialect: Dialect;
  close: () => Promise<void>;
}

export type Dialect = 'sqlite' | 'postgres';

import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Schema } from './schema';
import type { Storage } from './storage';

/** int8: our times are milliseconds since the epoch and our ids counters, all well inside 2^53. */
const INT8 = 20;

/**
 * Connect to PostgreSQL at `url` (postgres://user:password@host:port/database). Run
 * `migrateToLatest` before use. The pool's own parsers, not pg's global ones, so that
 * nothing else in the process changes how it reads numbers.
 */
export function openPostgres(url: string, poolSize = 10): Storage {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8 && format !== 'binary'
        ? Number
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle client whose server went away must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

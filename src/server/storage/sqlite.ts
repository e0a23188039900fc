import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect } from 'kysely';
import type { Schema } from './schema';
import type { Storage } from './storage';

export const SQLITE_FILE = 'xunjian.sqlite';

/**
 * SQLite runs schema changes inside transactions, but Kysely's adapter does not say so,
 * and then its migrator commits each migration's statements one by one: a failing
 * migration would leave half a schema. Saying so makes all pending migrations one
 * transaction.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class XunjianSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlAdapter();
  }
}

/** Open (or create) the SQLite file in the data folder. Run `migrateToLatest` before use. */
export function openSqlite(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(join(dataDir, SQLITE_FILE));
  // WAL: readers never wait for the writer, and a commit is one fsync'd append.
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable in WAL mode across a process crash (SIGKILL); only power loss
  // can drop the last commits, never corrupt the file.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // The admin CLI may write while the server runs.
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new XunjianSqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

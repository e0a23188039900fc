import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect, type SqliteDatabase } from 'kysely';
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

/** Statements kept compiled: the push path uses a dozen shapes; a few hundred covers every IN-list length. */
const STATEMENT_CACHE = 256;

/**
 * Kysely prepares every query anew, and better-sqlite3 compiles the SQL on each prepare:
 * on the push path that compiling cost as much as running the statements. Keep the
 * recent ones, by their SQL text.
 */
function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      // A statement still being iterated (a streamed select) cannot run again meanwhile.
      if (cached && !cached.busy) {
        // Map order is insertion order: moving it to the end keeps the least recent first.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/** Open (or create) the SQLite file in the data folder. Run `migrateToLatest` before use. */
export function openSqlite(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new Database(join(dataDir, SQLITE_FILE));
  // WAL: readers never wait for the writer, and a commit is one fsync'd append.
  sqlite.pragma('journal_mode = WAL');
  // FULL: every commit is fsync'd before it returns, so a push the server confirmed
  // survives power loss too (NORMAL in WAL mode survives a crash but can drop the last
  // commits when the power goes). One fsync per push transaction: bench part 7 prints it.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // The admin CLI may write while the server runs.
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new XunjianSqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

// Which database the server tests run against. The server and sync suites run once per
// backend (vitest.config.ts): SQLite always, PostgreSQL when XUNJIAN_TEST_DATABASE_URL
// names a server the tests may create databases on (scripts/tools/pg-throwaway.sh starts one).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { CompiledQuery } from 'kysely';
import { openStorage } from '../../src/server/storage/open';
import type { Dialect, Storage } from '../../src/server/storage/storage';

export const TEST_BACKEND: Dialect = process.env.XUNJIAN_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

/** The PostgreSQL server tests may use; its database is only used to create others. */
export const TEST_DATABASE_URL = process.env.XUNJIAN_TEST_DATABASE_URL || undefined;

/** Where a test server keeps its rows: a data folder, and a fresh database on PostgreSQL. */
export interface TestDatabase {
  dataDir: string;
  databaseUrl?: string;
}

const databases = new Map<string, string>();

/** A new, empty place for a server's data on the backend under test. */
export async function freshDatabase(prefix = 'xunjian-test-'): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  if (TEST_BACKEND === 'sqlite') return { dataDir };
  if (!TEST_DATABASE_URL)
    throw new Error('the PostgreSQL run needs XUNJIAN_TEST_DATABASE_URL (scripts/tools/pg-throwaway.sh)');
  const databaseUrl = await createDatabase(TEST_DATABASE_URL, 'xunjian_test');
  databases.set(dataDir, databaseUrl);
  return { dataDir, databaseUrl };
}

/** A new database `<prefix>_<random>` on the PostgreSQL server of `serverUrl`; its URL. */
export async function createDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** The database behind a data folder made by `freshDatabase`. */
export function databaseOf(dataDir: string): TestDatabase {
  const databaseUrl = databases.get(dataDir);
  return databaseUrl ? { dataDir, databaseUrl } : { dataDir };
}

/** The server's environment for that database. */
export function databaseEnv(dataDir: string): Record<string, string> {
  const { databaseUrl } = databaseOf(dataDir);
  return { DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
}

export function openTestStorage(dataDir: string): Storage {
  return openStorage(databaseOf(dataDir));
}

/**
 * Run SQL written with `?` placeholders on whichever backend holds the data folder's rows,
 * on a connection of its own (as the admin CLI would, beside the server).
 */
export async function query(dataDir: string, text: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  const storage = openTestStorage(dataDir);
  try {
    let n = 0;
    const sql = storage.dialect === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
    const result = await storage.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(sql, params));
    return result.rows;
  } finally {
    await storage.close();
  }
}

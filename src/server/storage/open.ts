import { openPostgres } from './postgres';
import { openSqlite } from './sqlite';
import type { Storage } from './storage';

/** Where the server keeps its rows: PostgreSQL when a URL is given, else SQLite in the data folder. */
export function openStorage(where: { databaseUrl?: string; dataDir: string }): Storage {
  return where.databaseUrl ? openPostgres(where.databaseUrl) : openSqlite(where.dataDir);
}

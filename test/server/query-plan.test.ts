// A push reads its inspections' records by primary key. Filtered on records.org_id, SQLite
// chose the pull index instead and read all of the organisation's records for every
// entry: pushes slowed down as the organisation's records grew.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentOf, signaturesOf, storedRecords } from '../../src/server/services/records';
import { migrateToLatest } from '../../src/server/storage/migrate';
import type { Schema } from '../../src/server/storage/schema';
import { openSqlite, SQLITE_FILE } from '../../src/server/storage/sqlite';

let sqlite: Database.Database;
let db: Kysely<Schema>;
const queries: CompiledQuery[] = [];
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'xunjian-plan-'));
  const storage = openSqlite(dataDir);
  await migrateToLatest(storage.db);
  await storage.close();
  sqlite = new Database(join(dataDir, SQLITE_FILE));
  db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => void (event.level === 'query' && queries.push(event.query)),
  });
});
afterAll(() => db?.destroy());

function plan(query: CompiledQuery): string[] {
  const rows = sqlite.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as { detail: string }[];
  return rows.map((r) => r.detail);
}

describe('query plans', () => {
  it.each([
    ['the current versions of a push’s records', () => storedRecords(db, 1, 'i', [{ kind: 'answer', id: 'a' }])],
    ['an inspection’s signatures', () => signaturesOf(db, 1, 'i')],
    ['what a signature covers', () => contentOf(db, 1, 'i')],
  ])('%s: by the records’ primary key', async (_, read) => {
    queries.length = 0;
    await read();
    expect(queries).toHaveLength(1);
    const steps = plan(queries[0]!);
    expect(steps.find((s) => s.includes(' records '))).toMatch(
      /USING INDEX sqlite_autoindex_records_1 \(inspection_id=\?/,
    );
    expect(steps.join('\n')).not.toContain('records_pull');
  });
});

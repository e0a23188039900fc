import { Migrator, type Kysely, type Migration } from 'kysely';
import { MIGRATIONS } from '../migrations';
import { dialectOf } from './dialect';
import { PostgresDdlPlugin } from './postgres-ddl';
import type { Schema } from './schema';

const NAME = /^(\d{4})-[a-z0-9-]+$/;

/**
 * Apply the numbered migrations not yet applied, in one transaction, recording each
 * id (both engines run schema changes inside transactions). On PostgreSQL the same files
 * run through `PostgresDdlPlugin`. A database that has applied a migration this code does not know (a newer
 * server ran on it), or a new migration numbered before an applied one, is a hard
 * error: both mean the schema is not what this code expects.
 */
export async function migrateToLatest(
  db: Kysely<Schema>,
  migrations: Record<string, Migration> = MIGRATIONS,
): Promise<string[]> {
  checkNumbering(Object.keys(migrations));
  const migrator = new Migrator({
    db: dialectOf(db) === 'postgres' ? db.withPlugin(new PostgresDdlPlugin()) : db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'migrations',
    migrationLockTableName: 'migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migration ids are 0001-name, 0002-name, … with no gap and no repeat. */
export function checkNumbering(names: string[]): void {
  names.forEach((name, i) => {
    const match = NAME.exec(name);
    if (!match) throw new Error(`migration "${name}" is not named NNNN-name`);
    if (Number(match[1]) !== i + 1) throw new Error(`migration "${name}" should be number ${i + 1}`);
  });
}

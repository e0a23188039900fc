import { database, write } from './connection';

export async function getSetting<T>(key: string): Promise<T | undefined> {
  const row = await database().settings.get(key);
  return row?.value as T | undefined;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await write((db) => db.settings.put({ key, value }));
}

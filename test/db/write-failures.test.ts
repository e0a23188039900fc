import { describe, expect, it } from 'vitest';
import { createDatabase, onUpgradeRequired, StorageWriteError, write } from '../../src/db';
import { freshDatabase } from '../helpers/db';

function domError(name: string): Error {
  const e = new Error(`${name} happened`);
  e.name = name;
  return e;
}

describe('write', () => {
  it('turns a quota error (even wrapped by Dexie) into StorageWriteError("quota")', async () => {
    freshDatabase();
    const wrapped = Object.assign(new Error('Transaction aborted'), {
      name: 'AbortError',
      inner: domError('QuotaExceededError'),
    });
    const err = await write(() => Promise.reject(wrapped)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageWriteError);
    expect((err as StorageWriteError).failure).toBe('quota');
  });

  it('reopens a lost connection and retries the write once', async () => {
    const { db } = freshDatabase();
    await db.open();
    let calls = 0;
    const result = await write(async (d) => {
      calls++;
      if (calls === 1) {
        d.close();
        throw domError('DatabaseClosedError');
      }
      await d.settings.put({ key: 'k', value: 1 });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(2);
    expect((await db.settings.get('k'))?.value).toBe(1);
  });

  it('gives up with "unavailable" when the retry fails too, leaving saved data alone', async () => {
    const { db } = freshDatabase();
    await db.settings.put({ key: 'kept', value: 'yes' });
    const err = await write(() => Promise.reject(domError('UnknownError'))).catch((e: unknown) => e);
    expect((err as StorageWriteError).failure).toBe('unavailable');
    expect((await db.settings.get('kept'))?.value).toBe('yes');
  });

  it('passes other errors through unchanged', async () => {
    freshDatabase();
    const err = await write(() => Promise.reject(new TypeError('bug'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
  });
});

describe('a schema upgrade from another tab', () => {
  it('closes this tab’s connection so the upgrade is not blocked, and tells the tab to reload', async () => {
    const { db, name } = freshDatabase(1);
    await db.settings.put({ key: 'before', value: 1 });
    let told = 0;
    const stop = onUpgradeRequired(() => told++);

    const newer = createDatabase(name, 2);
    let blocked = false;
    newer.on('blocked', () => void (blocked = true));
    await newer.open();
    expect(blocked).toBe(false);
    expect(newer.verno).toBe(2);
    expect(told).toBe(1);
    expect((await newer.settings.get('before'))?.value).toBe(1);

    // The old tab stops writing instead of reopening an outdated schema.
    const err = await write((d) => d.settings.put({ key: 'after', value: 2 })).catch((e: unknown) => e);
    expect((err as StorageWriteError).failure).toBe('upgrade');
    expect(await newer.settings.get('after')).toBeUndefined();
    stop();
    newer.close();
  });
});

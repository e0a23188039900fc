import { describe, expect, it } from 'vitest';
import {
  DUMMY_HASH,
  BoundedQueue,
  hashing,
  HashingBusyError,
  hashPassword,
  MAX_CONCURRENT_HASHES,
  verifyPassword,
} from '../../src/server/services/passwords';

describe('passwords', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const [h1, h2] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(h1).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPassword('correct horse', h1)).toBe(true);
    expect(await verifyPassword('correct horse', h2)).toBe(true);
    expect(await verifyPassword('correct hors', h1)).toBe(false);
    expect(await verifyPassword('', h1)).toBe(false);
  });

  it('treats composed and decomposed Unicode as the same password', async () => {
    const hash = await hashPassword('caf\u00e9密码');
    expect(await verifyPassword('cafe\u0301密码', hash)).toBe(true);
  });

  it('matches nothing against the dummy hash or a damaged one', async () => {
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
  });
});

describe('the bound on password hashing', () => {
  it('runs at most its concurrency at once, queues up to its limit, and refuses the rest at once', async () => {
    const queue = new BoundedQueue(1, 3);
    const release: (() => void)[] = [];
    const job = () =>
      queue
        .run(() => new Promise<string>((resolve) => release.push(() => resolve('checked'))))
        .catch((err: unknown) => (err instanceof HashingBusyError ? 'busy' : 'error'));
    const flood = Array.from({ length: 6 }, job);
    // One runs and three wait; two are refused without running.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(release).toHaveLength(1);
    while (release.length) {
      release.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(await Promise.all(flood)).toEqual(['checked', 'checked', 'checked', 'checked', 'busy', 'busy']);
    expect(queue.stats).toEqual({ completed: 4, peak: 1 });
    // Drained: the next is run at once.
    const next = job();
    await new Promise((resolve) => setTimeout(resolve, 1));
    release.shift()!();
    expect(await next).toBe('checked');
  });

  it('sends every password hash of the server through one queue of concurrency 1', async () => {
    expect(hashing.concurrency).toBe(MAX_CONCURRENT_HASHES);
    expect(MAX_CONCURRENT_HASHES).toBe(1);
    hashing.stats.peak = 0;
    const before = hashing.stats.completed;
    await Promise.all([verifyPassword('a', DUMMY_HASH), verifyPassword('b', DUMMY_HASH), hashPassword('c-password')]);
    expect(hashing.stats.completed - before).toBe(3);
    expect(hashing.stats.peak).toBe(1);
  });
});

// Login limits as the database keeps them: per name (back-off), per address (spraying),
// shared by two server processes and kept across a restart (a second handle stands for both).
import { afterEach, describe, expect, it } from 'vitest';
import {
  addressKey,
  ADDRESS_MAX_FAILURES,
  ADDRESS_WINDOW_MS,
  KNOWN_PAIR_MS,
  LoginThrottle,
  nameKey,
  NAME_FIRST_WAIT_MS,
  NAME_FORGET_MS,
  NAME_FREE_FAILURES,
  NAME_MAX_WAIT_MS,
} from '../../src/server/services/login-throttle';
import { migrateToLatest } from '../../src/server/storage/migrate';
import type { Storage } from '../../src/server/storage/storage';
import { freshDatabase, openTestStorage } from '../helpers/test-backend';

const opened: Storage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function twoProcesses(clock: { now: number }) {
  const { dataDir } = await freshDatabase('xunjian-throttle-');
  const [one, two] = [openTestStorage(dataDir), openTestStorage(dataDir)];
  opened.push(one, two);
  await migrateToLatest(one.db);
  const now = () => clock.now;
  return [new LoginThrottle(one.db, now), new LoginThrottle(two.db, now)] as const;
}

describe('login throttle', () => {
  it('backs a name off exponentially after the free failures, up to a ceiling, counted by either process', async () => {
    const clock = { now: 1_000_000 };
    const [one, two] = await twoProcesses(clock);
    // Each attempt counts as a failure before its password is checked.
    for (let n = 0; n < NAME_FREE_FAILURES; n++)
      expect(await (n % 2 ? one : two).attempt('zhang', '10.0.0.2')).toBeUndefined();
    // The name waits wherever it is typed, the other process included; not counted while it waits.
    expect(await one.attempt('zhang', '10.0.0.9')).toEqual({ by: 'name', retryAfterMs: NAME_FIRST_WAIT_MS });
    expect(await two.blocked('zhang', '10.0.0.9')).toEqual({ by: 'name', retryAfterMs: NAME_FIRST_WAIT_MS });
    // Names are compared exactly, as login compares them: `Zhang` is another account.
    expect(await one.blocked('Zhang', '10.0.0.2')).toBeUndefined();
    clock.now += NAME_FIRST_WAIT_MS;
    expect(await one.attempt('zhang', '10.0.0.2')).toBeUndefined();
    expect(await one.blocked('zhang', '10.0.0.2')).toEqual({ by: 'name', retryAfterMs: 2 * NAME_FIRST_WAIT_MS });
    for (let n = 0; n < 20; n++) await one.fail('zhang', `10.0.1.${n}`);
    expect(await two.blocked('zhang', '10.0.0.2')).toEqual({ by: 'name', retryAfterMs: NAME_MAX_WAIT_MS });
    // A right password forgets the name's failures.
    await two.succeed('zhang', '10.0.0.2');
    expect(await one.blocked('zhang', '10.0.0.77')).toBeUndefined();
  });

  it('meets a burst of parallel guesses as it meets a slow guesser: only the free ones are checked', async () => {
    const clock = { now: 3_000_000 };
    // One handle: two in one process would wait on each other's SQLite lock synchronously
    // (the HTTP test in security.test.ts bursts at a real server).
    const [one] = await twoProcesses(clock);
    const burst = await Promise.all(Array.from({ length: 40 }, (_, n) => one.attempt('wang', `10.2.0.${n}`)));
    expect(burst.filter((b) => b === undefined)).toHaveLength(NAME_FREE_FAILURES);
    expect(burst.filter((b) => b?.by === 'name')).toHaveLength(40 - NAME_FREE_FAILURES);
  });

  it('gives an attempt back when it was never checked (the server was busy)', async () => {
    const clock = { now: 4_000_000 };
    const [throttle] = await twoProcesses(clock);
    for (let n = 0; n < NAME_FREE_FAILURES; n++) {
      await throttle.attempt('zhou', '10.3.0.1');
      await throttle.refund('zhou', '10.3.0.1');
    }
    expect(await throttle.blocked('zhou', '10.3.0.1')).toBeUndefined();
    expect(await throttle.list()).toEqual([]);
  });

  it('never holds a colleague back for long: a stranger behind the same NAT costs them seconds, then nothing', async () => {
    const clock = { now: 5_000_000 };
    const [throttle] = await twoProcesses(clock);
    const office = '203.0.113.7';
    // The old limit: 5 wrong tries for a colleague's name locked them out for 15 minutes.
    for (let n = 0; n < NAME_FREE_FAILURES; n++) await throttle.fail('li', office);
    const block = await throttle.blocked('li', office);
    expect(block?.retryAfterMs).toBeLessThanOrEqual(NAME_FIRST_WAIT_MS);
    clock.now += NAME_FIRST_WAIT_MS;
    expect(await throttle.blocked('li', office)).toBeUndefined();
    // Everyone else in the office is not held back at all.
    expect(await throttle.blocked('wang', office)).toBeUndefined();
    // And failures long past are forgotten.
    clock.now += NAME_FORGET_MS + 1;
    await throttle.fail('li', office);
    expect(await throttle.blocked('li', office)).toBeUndefined();
  });

  it('stops one address trying many names (spraying) for the window, whatever the names, even after a success', async () => {
    const clock = { now: 9_000_000 };
    const [one, two] = await twoProcesses(clock);
    for (let n = 0; n < ADDRESS_MAX_FAILURES - 1; n++) await (n % 2 ? one : two).fail(`user${n}`, '198.51.100.4');
    // A sprayer's own account signing in does not clear the address's count.
    expect(await one.attempt('mine', '198.51.100.4')).toBeUndefined();
    await one.succeed('mine', '198.51.100.4');
    expect(await one.blocked('someone-new', '198.51.100.4')).toBeUndefined();
    expect(await two.fail('another', '198.51.100.4')).toMatchObject({ by: 'address' });
    expect(await one.blocked('someone-new', '198.51.100.4')).toMatchObject({ by: 'address' });
    expect(await one.blocked('someone-new', '198.51.100.5')).toBeUndefined();
    // A name that signed in from there before is spared the address's block if its password
    // is right (an office's NAT or proxy, where a stranger sprays)...
    expect(await one.attempt('mine', '198.51.100.4')).toMatchObject({ by: 'address', unlessRight: true });
    // ...until guesses at that name reach its free failures: then the address holds it back too.
    for (let n = 0; n < NAME_FREE_FAILURES - 1; n++) await one.attempt('mine', '198.51.100.4');
    expect(await one.blocked('mine', '198.51.100.4')).toMatchObject({ by: 'name' });
    clock.now += NAME_MAX_WAIT_MS;
    expect(await one.blocked('mine', '198.51.100.4')).toEqual({ by: 'address', retryAfterMs: expect.any(Number) });
    // A refused attempt writes nothing: the counts stay as they were.
    const before = await one.list();
    expect(await one.attempt('someone-else', '198.51.100.4')).toMatchObject({ by: 'address' });
    expect(await one.list()).toEqual(before);
    clock.now += ADDRESS_WINDOW_MS;
    expect(await one.blocked('someone-new', '198.51.100.4')).toBeUndefined();
  });

  it('forgets after 30 days that a name signed in from an address', async () => {
    const clock = { now: 20_000_000 };
    const [throttle] = await twoProcesses(clock);
    await throttle.attempt('old', '192.0.2.50');
    await throttle.succeed('old', '192.0.2.50');
    clock.now += KNOWN_PAIR_MS + 1;
    for (let n = 0; n < ADDRESS_MAX_FAILURES; n++) await throttle.fail(`x${n}`, '192.0.2.50');
    expect(await throttle.blocked('old', '192.0.2.50')).toMatchObject({ by: 'address' });
  });

  it('keeps counts across a restart and lets an admin see and clear them', async () => {
    const clock = { now: 2_000_000 };
    const { dataDir } = await freshDatabase('xunjian-throttle-');
    const before = openTestStorage(dataDir);
    await migrateToLatest(before.db);
    for (let n = 0; n < NAME_FREE_FAILURES; n++)
      await new LoginThrottle(before.db, () => clock.now).fail('zhao', '10.1.1.1');
    await before.close();
    const after = openTestStorage(dataDir);
    opened.push(after);
    const throttle = new LoginThrottle(after.db, () => clock.now);
    expect(await throttle.blocked('zhao', '10.1.1.1')).toMatchObject({ by: 'name' });
    expect((await throttle.list()).sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'address:10.1.1.1', failures: NAME_FREE_FAILURES, lastFailureAt: clock.now, retryAfterMs: 0 },
      {
        key: nameKey('zhao'),
        failures: NAME_FREE_FAILURES,
        lastFailureAt: clock.now,
        retryAfterMs: NAME_FIRST_WAIT_MS,
      },
    ]);
    // What was typed is not kept: only a hash of it.
    expect(JSON.stringify(await throttle.list())).not.toContain('zhao');
    expect(await throttle.clear({ name: 'Zhao' })).toBe(false);
    expect(await throttle.clear({ name: 'zhao' })).toBe(true);
    expect(await throttle.blocked('zhao', '10.1.1.1')).toBeUndefined();
  });

  it('counts an IPv6 subscriber by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(addressKey('::ffff:192.0.2.1')).toBe('address:192.0.2.1');
    expect(addressKey('2001:db8:1:2::5')).toBe(addressKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::5')).not.toBe(addressKey('2001:db8:1:3::5'));
    expect(addressKey('::1')).toBe('address:0:0:0:0::/64');
    expect(addressKey('64:ff9b::1.2.3.4')).toBe(addressKey('64:ff9b::5.6.7.8'));
  });
});

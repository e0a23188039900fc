// Against the running server: login limits kept in the database (across a restart, for
// spraying), a password reset signing devices out, the security log and its admin views.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { login, resetPassword } from '../../src/server/services/accounts';
import { ADDRESS_MAX_FAILURES, LoginThrottle, NAME_FREE_FAILURES } from '../../src/server/services/login-throttle';
import { hashing } from '../../src/server/services/passwords';
import { logSecurityEvent, pruneSecurityEvents, readSecurityEvents } from '../../src/server/services/security-log';
import { migrateToLatest } from '../../src/server/storage/migrate';
import { SYNC_FORMAT_VERSION } from '../../src/shared/sync-protocol';
import type { RunningServer } from '../helpers/server';
import { Device, PASSWORD, post, seedDataDir, startSyncServer } from '../helpers/sync-harness';
import { openTestStorage } from '../helpers/test-backend';

let dataDir: string;
let server: RunningServer;
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
});
afterAll(() => server?.stop());

const tryLogin = (name: string, password: string) => post(`${server.url}/api/login`, { name, password });
const pullStatus = async (device: Device) =>
  (await post(`${server.url}/api/sync/pull`, { format: SYNC_FORMAT_VERSION, cursor: null }, device.token)).status;

async function withDb<T>(work: (db: ReturnType<typeof openTestStorage>['db']) => Promise<T>): Promise<T> {
  const storage = openTestStorage(dataDir);
  try {
    await migrateToLatest(storage.db);
    return await work(storage.db);
  } finally {
    await storage.close();
  }
}

function admin(path: string, token: string, method = 'GET') {
  return fetch(`${server.url}/api/admin/${path}`, { method, headers: { authorization: `Bearer ${token}` } });
}

describe('login limits', () => {
  it('keeps a name’s back-off across a server restart, counted by any process', async () => {
    for (let n = 0; n < NAME_FREE_FAILURES; n++) expect((await tryLogin('a3', `guess ${n}`)).status).toBe(401);
    // Another process (a second server, the CLI) counts into the same rows: 64 s now.
    await withDb(async (db) => {
      for (let n = 0; n < 6; n++) await new LoginThrottle(db).fail('a3', '10.0.0.8');
    });
    await server.stop();
    server = await startSyncServer(dataDir);
    const res = await tryLogin('a3', PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(30);
  });

  it('checks only the free guesses of a parallel burst at one name', async () => {
    const burst = await Promise.all(Array.from({ length: 20 }, (_, n) => tryLogin('a2', `burst ${n}`)));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(NAME_FREE_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - NAME_FREE_FAILURES);
    await withDb((db) => new LoginThrottle(db).clear({ name: 'a2' }));
  });

  it('shows an admin the limits on their organisation’s names, lets them clear one, and logs it', async () => {
    const [aa, a1] = [await Device.login(server.url, 'aa'), await Device.login(server.url, 'a1')];
    expect((await admin('login-limits', a1.token)).status).toBe(403);
    await tryLogin('someone-unknown', 'maybe a password typed as the name');
    const { limits } = (await (await admin('login-limits', aa.token)).json()) as { limits: { name?: string }[] };
    expect(limits.map((l) => l.name)).toContain('a3');
    // A name nobody has may be a password typed into the wrong field, and addresses are the
    // server's (every organisation's): neither is shown to an organisation's admin.
    expect(limits.every((l) => l.name !== undefined)).toBe(true);
    expect((await admin('login-limits?name=b1', aa.token, 'DELETE')).status).toBe(404);
    expect((await admin('login-limits?address=127.0.0.1', aa.token, 'DELETE')).status).toBe(400);
    const cleared = await admin('login-limits?name=a3', aa.token, 'DELETE');
    expect(await cleared.json()).toMatchObject({ cleared: true });
    expect((await tryLogin('a3', PASSWORD)).status).toBe(200);
    const events = await withDb((db) => readSecurityEvents(db, { limit: 20 }));
    expect(events.find((e) => e.kind === 'throttle-cleared')).toMatchObject({ user: 'aa', detail: { name: 'a3' } });
  });
});

describe('password reset', () => {
  it('signs every device of the user out, unless told to keep them', async () => {
    const [phone, tablet, colleague] = [
      await Device.login(server.url, 'a2'),
      await Device.login(server.url, 'a2'),
      await Device.login(server.url, 'a1'),
    ];
    const reset = await withDb((db) => resetPassword(db, 'a2', 'a new password'));
    expect(reset.revoked).toBe(2);
    expect(await pullStatus(phone)).toBe(401);
    expect(await pullStatus(tablet)).toBe(401);
    expect(await pullStatus(colleague)).toBe(200);
    const next = await Device.login(server.url, 'a2', 'a new password');
    expect((await withDb((db) => resetPassword(db, 'a2', PASSWORD, { keepDevices: true }))).revoked).toBe(0);
    expect(await pullStatus(next)).toBe(200);
  });
});

describe('the security log', () => {
  it('records logins, failures and logouts with who and where, readable by the organisation’s admin only', async () => {
    const a1 = await Device.login(server.url, 'a1');
    await tryLogin('a1', 'wrong password');
    await post(`${server.url}/api/logout`, {}, a1.token);
    await Device.login(server.url, 'b1');
    const aa = await Device.login(server.url, 'aa');
    expect((await admin('security-events', (await Device.login(server.url, 'a2')).token)).status).toBe(403);
    const { events } = (await (await admin('security-events?limit=50', aa.token)).json()) as {
      events: { kind: string; user: string | null; deviceId: string | null; address: string | null }[];
    };
    const mine = events.filter((e) => e.user === 'a1').map((e) => e.kind);
    expect(mine.slice(0, 3)).toEqual(['logout', 'login-failed', 'login']);
    expect(events.find((e) => e.kind === 'logout' && e.user === 'a1')?.deviceId).toBe(a1.session.deviceId);
    expect(events.find((e) => e.kind === 'login-failed')?.address).toMatch(/127\.0\.0\.1/);
    // Organisation B's sign-ins are B's admin's to see.
    expect(events.some((e) => e.user === 'b1')).toBe(false);
    expect((await admin('security-events?before=x', aa.token)).status).toBe(400);
  });

  it('keeps events for the retention period (180 days unless configured) and drops older ones', async () => {
    expect(loadConfig({}).securityLogDays).toBe(180);
    expect(loadConfig({ SECURITY_LOG_DAYS: '400' }).securityLogDays).toBe(400);
    expect(() => loadConfig({ SECURITY_LOG_DAYS: '0' })).toThrow(/SECURITY_LOG_DAYS/);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.1, ::1' }).trustedProxies).toEqual(['10.0.0.1', '::1']);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8' })).toThrow(/TRUSTED_PROXIES/);
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    await withDb(async (db) => {
      await logSecurityEvent(db, { kind: 'logout', detail: { marker: 'old' } }, now - 181 * day);
      await logSecurityEvent(db, { kind: 'logout', detail: { marker: 'kept' } }, now - 179 * day);
      expect(await pruneSecurityEvents(db, 180, now)).toBe(1);
      const markers = (await readSecurityEvents(db, { limit: 1000 })).map((e) => e.detail.marker);
      expect(markers).toContain('kept');
      expect(markers).not.toContain('old');
    });
  });

  it('costs an unknown name a password hash, as a known one', async () => {
    await withDb(async (db) => {
      const before = hashing.stats.completed;
      expect(await login(db, { name: 'nobody-at-all', password: 'whatever' })).toEqual({ ok: false });
      expect(hashing.stats.completed - before).toBe(1);
    });
  });
});

describe('behind a reverse proxy', () => {
  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const behind = await startSyncServer(dataDir, { TRUSTED_PROXIES: '127.0.0.1' });
    try {
      const wrong = (url: string) =>
        fetch(`${url}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.66.0.1, 198.51.100.9:51234' },
          body: JSON.stringify({ name: 'a2', password: 'not the password' }),
        });
      await wrong(behind.url);
      await wrong(server.url);
      const events = await withDb((db) => readSecurityEvents(db, { limit: 2 }));
      // Newest first: the untrusting server saw the socket; the proxied one the right-most hop.
      expect(events.map((e) => [e.kind, e.address])).toEqual([
        ['login-failed', '127.0.0.1'],
        ['login-failed', '198.51.100.9'],
      ]);
    } finally {
      await behind.stop();
    }
  });
});

// Last: it holds this test machine's address back for the rest of the window.
describe('password spraying', () => {
  it('holds back an address that failed for many names, even for a right password, but not a name known there', async () => {
    for (let n = 0; n < ADDRESS_MAX_FAILURES; n++) await tryLogin(`sprayed-${n}`, 'Summer2026!');
    // ra never signed in from here: held back with the sprayer.
    const res = await tryLogin('ra', PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(60);
    // a1 signed in from here before: a stranger spraying at the office's address does not
    // lock them out; a wrong password for a1 is answered as held back, like any name.
    expect((await tryLogin('a1', 'a wrong guess')).status).toBe(429);
    expect((await tryLogin('a1', PASSWORD)).status).toBe(200);
    // The same name from elsewhere is not held back (the address is).
    expect(await withDb((db) => new LoginThrottle(db).blocked('ra', '10.9.9.9'))).toBeUndefined();
    const events = await withDb((db) => readSecurityEvents(db, { limit: 200 }));
    expect(events.some((e) => e.kind === 'login-throttled' && e.detail.by === 'address')).toBe(true);
    // Typed names are never logged unless they are a user's.
    expect(JSON.stringify(events)).not.toContain('sprayed-');
  });
});

describe('the app lock’s recovery secret', () => {
  const recoveryKeyOf = async (device: Device) => {
    const res = await fetch(`${server.url}/api/session/recovery-key`, {
      headers: { authorization: `Bearer ${device.token}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { recoveryKey: string }).recoveryKey;
  };

  it('gives each device its own, and hands a revoked device’s back to its user only', async () => {
    const first = await Device.login(server.url, 'a1');
    const key = first.session.recoveryKey;
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    expect(await recoveryKeyOf(first)).toBe(key);
    // The phone locked after too many wrong PINs: its user signs in online again.
    const res = await post(`${server.url}/api/login`, {
      name: 'a1',
      password: PASSWORD,
      previousDeviceId: first.session.deviceId,
    });
    const again = (await res.json()) as Device['session'];
    expect(again.recoveryKey).not.toBe(key);
    expect(again.previousDevice).toMatchObject({ id: first.session.deviceId, recoveryKey: key });
    // Another user naming that device learns nothing of it.
    const other = await post(`${server.url}/api/login`, {
      name: 'b1',
      password: PASSWORD,
      previousDeviceId: first.session.deviceId,
    });
    const answer = (await other.json()) as Device['session'];
    expect(answer.previousDevice).toBeUndefined();
    expect(JSON.stringify(answer)).not.toContain(key);
    // The revoked device itself cannot ask for it any more.
    const revoked = await fetch(`${server.url}/api/session/recovery-key`, {
      headers: { authorization: `Bearer ${first.token}` },
    });
    expect(revoked.status).toBe(401);
  });

  it('makes one for a device signed in before the app lock existed, the same on every ask', async () => {
    const device = await Device.login(server.url, 'a1');
    await withDb((db) =>
      db.updateTable('devices').set({ recovery_key: null }).where('id', '=', device.session.deviceId).execute(),
    );
    const [one, two] = await Promise.all([recoveryKeyOf(device), recoveryKeyOf(device)]);
    expect(one).toBe(two);
    expect(one).not.toBe(device.session.recoveryKey);
    expect(await recoveryKeyOf(device)).toBe(one);
  });
});

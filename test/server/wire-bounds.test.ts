// The API refuses what it should, before it costs anything: JSON endpoints take JSON only
// (a foreign page's form or text/plain post never reaches them), no body nests deeper than
// a message does, and no list of the wire format is unbounded. Against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_FORMAT_VERSION, type SyncError } from '../../src/shared/sync-protocol';
import { LIST_LIMITS } from '../../src/shared/text-limits';
import type { RunningServer } from '../helpers/server';
import { countChanges, Device, inspection, PASSWORD, seedDataDir, startSyncServer } from '../helpers/sync-harness';

let server: RunningServer;
let dataDir: string;
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
});
afterAll(() => server?.stop());

const send = (path: string, body: string, type: string, token?: string) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });

describe('the wire refuses', () => {
  it('a JSON endpoint’s body of another type: 415, and nothing is done', async () => {
    const login = JSON.stringify({ name: 'a1', password: PASSWORD });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await send('/api/login', login, type);
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as SyncError).error).toBe('unsupported-media-type');
    }
    const a1 = await Device.login(server.url, 'a1');
    const before = await countChanges(dataDir);
    const push = JSON.stringify({
      format: SYNC_FORMAT_VERSION,
      deviceId: a1.session.deviceId,
      entries: a1.entries({ kind: 'inspection', record: inspection() }),
    });
    expect((await send('/api/sync/push', push, 'text/plain', a1.token)).status).toBe(415);
    expect(await countChanges(dataDir)).toBe(before);
    expect((await send('/api/login', login, 'application/json; charset=utf-8')).status).toBe(200);
    // A POST without a body (logout) has nothing to misread: it still works, and revokes.
    const out = await fetch(`${server.url}/api/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a1.token}` },
    });
    expect(out.status).toBeLessThan(300);
    expect((await send('/api/sync/pull', '{}', 'application/json', a1.token)).status).toBe(401);
  }, 30_000);

  it('a body nested deeper than any message: 400 malformed, not a crash', async () => {
    const a1 = await Device.login(server.url, 'a1');
    // JSON.parse copes with this; what walks the value afterwards (the schemas, the NUL
    // check) would recurse 100,000 deep and exhaust the stack.
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const entry = `{"seq":1,"mutation":{"kind":"answer","record":{"id":"x","note":${nested}}}}`;
    const bodies: Record<string, string> = {
      '/api/login': `{"name":"a1","password":${nested}}`,
      '/api/sync/push': `{"format":${SYNC_FORMAT_VERSION},"deviceId":"${a1.session.deviceId}","entries":[${entry}]}`,
      '/api/sync/pull': `{"format":${SYNC_FORMAT_VERSION},"cursor":${nested}}`,
    };
    for (const [path, deep] of Object.entries(bodies)) {
      const res = await send(path, deep, 'application/json', a1.token);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as SyncError).error).toBe('malformed');
    }
    // Brackets inside strings are text, not nesting.
    const pulled = await send(
      '/api/sync/pull',
      JSON.stringify({ format: SYNC_FORMAT_VERSION, cursor: null, pad: '['.repeat(50) }),
      'application/json',
      a1.token,
    );
    expect(((await pulled.json()) as SyncError).message).toMatch(/pad/); // parsed, then refused for the unknown field
  }, 30_000);

  it('a list longer than its bound, as an invalid entry that fails alone', async () => {
    const a1 = await Device.login(server.url, 'a1');
    const names = (n: number) => Array.from({ length: n }, (_, k) => `检查员${k + 1}`);
    const tooMany = inspection({ inspectors: names(LIST_LIMITS.inspectors + 1) });
    const enough = inspection({ inspectors: names(LIST_LIMITS.inspectors) });
    const result = await a1.push(
      a1.entries({ kind: 'inspection', record: tooMany }, { kind: 'inspection', record: enough }),
    );
    expect(result.failed.map((f) => f.code)).toEqual(['invalid-mutation']);
    expect(result.failed[0]!.message).toMatch(/inspectors/);
  }, 30_000);
});

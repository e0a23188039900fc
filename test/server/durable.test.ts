// Acknowledgements that survive power loss. Power loss itself cannot be simulated on this
// machine (it would take a VM or a block device that drops unflushed writes), so this
// shows the two halves it rests on: the steps a durable write takes happen in the order
// that makes them durable (fsync of the bytes, rename, fsync of the directory, then the
// answer), and SQLite runs with synchronous=FULL; and, with the real server killed
// (SIGKILL) after each step, nothing confirmed is lost and a retry ends with one whole copy.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderBlobBytes } from '../../src/server/storage/blob-bytes';
import { nodeDurableSteps, type DurableSteps } from '../../src/server/storage/durable-fs';
import { openSqlite } from '../../src/server/storage/sqlite';
import type { RunningServer } from '../helpers/server';
import { countRows, Device, pushPhoto, rows, seedDataDir, startSyncServer } from '../helpers/sync-harness';
import { databaseOf } from '../helpers/test-backend';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The real steps, each recorded as it happens. */
function recording(): { steps: DurableSteps; log: string[] } {
  const log: string[] = [];
  const steps: DurableSteps = {
    syncFile: async (p) => (await nodeDurableSteps.syncFile(p), void log.push(`fsync file ${p}`)),
    rename: async (a, b) => (await nodeDurableSteps.rename(a, b), void log.push(`rename ${a} → ${b}`)),
    syncDirectory: async (p) => (await nodeDurableSteps.syncDirectory(p), void log.push(`fsync dir ${p}`)),
  };
  return { steps, log };
}

describe('durable blob bytes', () => {
  it('fsyncs the bytes before the rename and the directory after it, before it resolves', async () => {
    const root = mkdtempSync(join(tmpdir(), 'xunjian-durable-'));
    const { steps, log } = recording();
    const store = new FolderBlobBytes(join(root, 'blobs'), steps);
    const bytes = new TextEncoder().encode('photo bytes');
    const hash = sha(bytes);
    const temp = join(root, 'upload');
    writeFileSync(temp, bytes);

    expect(await store.putFile(hash, temp)).toEqual({ stored: true });
    const folder = join(root, 'blobs', hash.slice(0, 2));
    expect(log).toEqual([
      // The hash folder's entry in the root is flushed before anything goes in it.
      `fsync dir ${join(root, 'blobs')}`,
      `fsync file ${temp}`,
      `rename ${temp} → ${join(folder, hash)}`,
      `fsync dir ${folder}`,
    ]);
    expect(readFileSync(join(folder, hash))).toEqual(Buffer.from(bytes));

    // A second blob in the same folder: the root is flushed again (a concurrent upload may
    // have just made the folder), then the same three steps.
    log.length = 0;
    const other = new Uint8Array(bytes.length + 1).fill(7);
    let otherHash = sha(other);
    for (let n = 8; otherHash.slice(0, 2) !== hash.slice(0, 2); n++) otherHash = sha(other.fill(n));
    writeFileSync(temp, other);
    await store.putFile(otherHash, temp);
    expect(log.map((l) => l.slice(0, l.indexOf(' /')))).toEqual(['fsync dir', 'fsync file', 'rename', 'fsync dir']);

    // Bytes already there: their directory is flushed before "not new" is said.
    log.length = 0;
    writeFileSync(temp, bytes);
    expect(await store.putFile(hash, temp)).toEqual({ stored: false });
    expect(log).toEqual([`fsync dir ${folder}`]);
  });
});

describe('durable commits', () => {
  it('runs SQLite with synchronous=FULL (PostgreSQL is durable by its default, synchronous_commit = on)', async () => {
    const storage = openSqlite(mkdtempSync(join(tmpdir(), 'xunjian-sqlite-')));
    try {
      const result = await sql<{ synchronous: number }>`pragma synchronous`.execute(storage.db);
      expect(result.rows[0]?.synchronous).toBe(2); // 2 = FULL, 1 = NORMAL
    } finally {
      await storage.close();
    }
  });
});

let server: RunningServer | undefined;
afterEach(() => server?.stop());

function put(url: string, device: Device, hash: string, body: Uint8Array<ArrayBuffer>) {
  return fetch(`${url}/api/blobs/${hash}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'image/jpeg' },
    body,
  });
}

function storedCopies(dataDir: string, hash: string): number {
  const root = join(dataDir, 'blobs');
  return readdirSync(root)
    .filter((d) => d !== 'tmp')
    .flatMap((d) => readdirSync(join(root, d)))
    .filter((f) => f === hash).length;
}

describe.each(['blob-before-rename', 'blob-after-rename', 'blob-after-row'])('killed at %s', (failpoint) => {
  it('loses nothing confirmed, and the retried upload ends with one whole copy the owner can read', async () => {
    const dataDir = await seedDataDir();
    server = await startSyncServer(dataDir, { XUNJIAN_FAILPOINT: failpoint });
    const device = await Device.login(server.url, 'a1');
    const bytes = new Uint8Array(new ArrayBuffer(20_000)).fill(42);
    const hash = sha(bytes);
    // No answer: the connection drops when the process dies, so the phone keeps the photo queued.
    await expect(put(server.url, device, hash, bytes)).rejects.toThrow();
    await server.stop();
    const rowsBefore = await countRows(dataDir, 'blobs');
    expect(rowsBefore).toBe(failpoint === 'blob-after-row' ? 1 : 0);

    server = await startSyncServer(dataDir);
    const again = new Device(server.url, device.session);
    const res = await put(server.url, again, hash, bytes);
    expect(res.status).toBe(200);
    // New to the organisation unless its row was written before the crash (the answer
    // speaks of the organisation's copy, never of bytes another one may hold).
    expect(await res.json()).toEqual({ sha256: hash, stored: failpoint !== 'blob-after-row' });
    expect(storedCopies(dataDir, hash)).toBe(1);
    expect(await countRows(dataDir, 'blobs')).toBe(1);
    // The temporary folder is emptied at start: no half upload lingers.
    expect(readdirSync(join(dataDir, 'blobs', 'tmp'))).toEqual([]);
    // The owner's photo record names it: its bytes are theirs to read.
    await pushPhoto(again, hash);
    const read = await fetch(`${server.url}/api/blobs/${hash}`, {
      headers: { authorization: `Bearer ${again.token}` },
    });
    expect(read.status).toBe(200);
    expect(Buffer.from(await read.arrayBuffer())).toEqual(Buffer.from(bytes));
    if (!databaseOf(dataDir).databaseUrl) expect(rows(dataDir, 'select bytes from blobs')).toEqual([{ bytes: 20_000 }]);
  });
});

import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../helpers/server';
import { Device, pushPhoto, seedDataDir, startSyncServer } from '../helpers/sync-harness';

const MAX = 64 * 1024;
let dataDir: string;
let server: RunningServer;
let a1: Device;
let b1: Device;
beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir, { MAX_BLOB_BYTES: String(MAX) });
  [a1, b1] = [await Device.login(server.url, 'a1'), await Device.login(server.url, 'b1')];
});
afterAll(() => server?.stop());

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const jpeg = (n: number, fill: number) => new Uint8Array(new ArrayBuffer(n)).fill(fill);

function put(device: Device, hash: string, body: Uint8Array<ArrayBuffer>, type = 'image/jpeg') {
  return fetch(`${server.url}/api/blobs/${hash}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': type },
    body,
  });
}

function get(device: Device, hash: string) {
  return fetch(`${server.url}/api/blobs/${hash}`, { headers: { authorization: `Bearer ${device.token}` } });
}

function blobFiles(): string[] {
  const root = join(dataDir, 'blobs');
  return readdirSync(root)
    .filter((d) => d !== 'tmp')
    .flatMap((d) => readdirSync(join(root, d)));
}

describe('blobs', () => {
  it('refuses bytes that do not hash to the name, and keeps nothing', async () => {
    const bytes = jpeg(1000, 1);
    const res = await put(a1, sha(jpeg(1000, 2)), bytes);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'hash-mismatch' });
    expect(blobFiles()).not.toContain(sha(bytes));
    expect(readdirSync(join(dataDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('stores the same photo once, however often and by whomever it is uploaded', async () => {
    const bytes = jpeg(5000, 3);
    const hash = sha(bytes);
    expect(await (await put(a1, hash, bytes)).json()).toEqual({ sha256: hash, stored: true });
    expect(await (await put(a1, hash, bytes)).json()).toEqual({ sha256: hash, stored: false });
    expect(blobFiles().filter((f) => f === hash)).toHaveLength(1);

    // Readable once a record of a1's names it.
    await pushPhoto(a1, hash);
    const res = await get(a1, hash);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('answers another organisation’s upload of bytes it holds as if nobody held them', async () => {
    const bytes = jpeg(5000, 13);
    const hash = sha(bytes);
    const fresh = await (await put(a1, hash, bytes)).json();
    // b1 (organisation B) sends the same bytes: the same answer as a1's first upload, so
    // the upload does not tell B that A holds this photo; the bytes stay stored once.
    expect(await (await put(b1, hash, bytes)).json()).toEqual(fresh);
    expect(fresh).toEqual({ sha256: hash, stored: true });
    expect(await (await put(b1, hash, bytes)).json()).toEqual({ sha256: hash, stored: false });
    expect(blobFiles().filter((f) => f === hash)).toHaveLength(1);
  });

  it('serves a blob only to an organisation that uploaded it', async () => {
    const bytes = jpeg(2000, 4);
    const hash = sha(bytes);
    await put(a1, hash, bytes);
    await pushPhoto(a1, hash);
    expect((await get(a1, hash)).status).toBe(200);
    const res = await get(b1, hash);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not-found' });
  });

  it('never serves a colleague’s photo to someone who only knows its hash, even named in their own record', async () => {
    const a2 = await Device.login(server.url, 'a2');
    const bytes = jpeg(2500, 6);
    const hash = sha(bytes);
    await put(a1, hash, bytes);
    await pushPhoto(a1, hash);
    // a2 heard of the hash (a removed participant, a copy from before scopes) and names it.
    await pushPhoto(a2, hash);
    expect((await get(a2, hash)).status).toBe(404);
    // Uploading the bytes proves holding them: then a2's own record makes them a2's to read.
    expect((await put(a2, hash, bytes)).status).toBe(200);
    await pushPhoto(a2, hash);
    expect((await get(a2, hash)).status).toBe(200);
  });

  it('makes bytes uploaded after the record that names them readable through it', async () => {
    const bytes = jpeg(1500, 7);
    const hash = sha(bytes);
    await pushPhoto(a1, hash); // the upload was refused or cut off: the record went first
    expect((await get(a1, hash)).status).toBe(404);
    await put(a1, hash, bytes);
    expect((await get(a1, hash)).status).toBe(200);
  });

  it('answers HEAD with whether the blob is stored and named by a record the user may read, without the bytes', async () => {
    const bytes = jpeg(3000, 9);
    const hash = sha(bytes);
    const head = (device: Device) =>
      fetch(`${server.url}/api/blobs/${hash}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${device.token}` },
      });
    expect((await head(a1)).status).toBe(404);
    await put(a1, hash, bytes);
    // Uploaded, but no record names it yet: the bytes are nobody's to read so far.
    expect((await head(a1)).status).toBe(404);
    await pushPhoto(a1, hash);
    const res = await head(a1);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-length')).toBe('3000');
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    // Another organisation learns nothing from the hash: it must upload the bytes itself.
    expect((await head(b1)).status).toBe(404);
  });

  it('refuses other types and malformed names', async () => {
    const bytes = jpeg(10, 5);
    expect((await put(a1, sha(bytes), bytes, 'text/html')).status).toBe(415);
    expect((await put(a1, 'ABC', bytes)).status).toBe(400);
  });

  it('allows blobs above the JSON limit up to its own, and refuses bigger ones', async () => {
    const ok = jpeg(MAX, 6);
    expect((await put(a1, sha(ok), ok)).status).toBe(200);
    const big = jpeg(MAX + 1, 7);
    const res = await put(a1, sha(big), big);
    expect(res.status).toBe(413);
    expect(blobFiles()).not.toContain(sha(big));
  });

  it('counts the limit while streaming when there is no Content-Length', async () => {
    const big = jpeg(MAX * 2, 8);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 4096) controller.enqueue(big.subarray(i, i + 4096));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/api/blobs/${sha(big)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${a1.token}`, 'content-type': 'image/jpeg' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(blobFiles()).not.toContain(sha(big));
  });
});

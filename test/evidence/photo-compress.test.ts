// The page's side of photo compression, with a fake Worker (Vitest runs in Node) and the
// main-thread fallback stubbed: replies by id, cancelling, and a crashed or unable worker
// handing its photos to the main thread instead of leaving them "processing" forever.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CompressedPhoto } from '../../src/evidence/photo-compress-core';

const mainThread = vi.hoisted(() => ({ compressOnMainThread: vi.fn() }));
vi.mock('../../src/evidence/photo-compress-main', () => mainThread);

class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  posted: { id: number; file: Blob; options: Record<string, unknown> }[] = [];
  terminated = false;

  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    super();
    FakeWorker.made.push(this);
  }

  postMessage(message: FakeWorker['posted'][number]): void {
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  reply(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

const photo = (sha256: string): CompressedPhoto => ({
  data: new ArrayBuffer(3),
  sha256,
  width: 4,
  height: 3,
  capturedAt: 1,
});

async function load() {
  // Fresh module state (its worker, and whether it gave up on workers) for every test.
  vi.resetModules();
  return import('../../src/evidence/photo-compress');
}

/** Lets the bridge's promise callbacks run. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
  mainThread.compressOnMainThread.mockReset();
  mainThread.compressOnMainThread.mockImplementation(async () => photo('main'));
});
afterEach(() => vi.unstubAllGlobals());

describe('compressInWorker', () => {
  it('posts the file with the full options to one module worker and resolves with its reply', async () => {
    const { compressInWorker } = await load();
    const file = new Blob(['x']);
    const a = compressInWorker(file, { keepLocation: true });
    const b = compressInWorker(file);
    await tick();
    expect(FakeWorker.made).toHaveLength(1);
    const worker = FakeWorker.made[0]!;
    expect(worker.options).toEqual({ type: 'module' });
    expect(worker.url.pathname).toMatch(/photo-compress\.worker\.ts$/);
    const [first, second] = worker.posted;
    expect(first).toMatchObject({ file, options: { maxEdge: 1600, keepLocation: true } });
    worker.reply({ id: second!.id, photo: photo('b') });
    worker.reply({ id: first!.id, photo: photo('a') });
    await expect(a).resolves.toMatchObject({ sha256: 'a' });
    await expect(b).resolves.toMatchObject({ sha256: 'b' });
    expect(mainThread.compressOnMainThread).not.toHaveBeenCalled();
  });

  it("rejects with the worker's error for that photo, and keeps the worker", async () => {
    const { compressInWorker } = await load();
    const call = compressInWorker(new Blob(['x']));
    await tick();
    const worker = FakeWorker.made[0]!;
    worker.reply({ id: worker.posted[0]!.id, error: 'The source image could not be decoded.' });
    await expect(call).rejects.toThrow('The source image could not be decoded.');
    expect(worker.terminated).toBe(false);
  });

  it('a crashed worker hands every waiting photo, and the later ones, to the main thread', async () => {
    const { compressInWorker } = await load();
    const calls = [compressInWorker(new Blob(['1'])), compressInWorker(new Blob(['2']))];
    await tick();
    const worker = FakeWorker.made[0]!;
    worker.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'boom' }));
    for (const call of calls) await expect(call).resolves.toMatchObject({ sha256: 'main' });
    expect(worker.terminated).toBe(true);
    await expect(compressInWorker(new Blob(['3']))).resolves.toMatchObject({ sha256: 'main' });
    expect(FakeWorker.made).toHaveLength(1);
    expect(mainThread.compressOnMainThread).toHaveBeenCalledTimes(3);
  });

  it('a worker without OffscreenCanvas hands its photos to the main thread', async () => {
    const { compressInWorker } = await load();
    const calls = [compressInWorker(new Blob(['1'])), compressInWorker(new Blob(['2']))];
    await tick();
    const worker = FakeWorker.made[0]!;
    worker.reply({ id: worker.posted[0]!.id, unsupported: true });
    for (const call of calls) await expect(call).resolves.toMatchObject({ sha256: 'main' });
    expect(worker.terminated).toBe(true);
    expect(mainThread.compressOnMainThread).toHaveBeenCalledTimes(2);
  });

  it('where no worker can be made, compresses on the main thread', async () => {
    vi.stubGlobal(
      'Worker',
      class {
        constructor() {
          throw new TypeError('module workers are not supported');
        }
      },
    );
    const { compressInWorker } = await load();
    await expect(compressInWorker(new Blob(['1']))).resolves.toMatchObject({ sha256: 'main' });
  });

  it('cancelling terminates the worker and rejects with CompressionCancelled; other photos go on', async () => {
    const { compressInWorker, CompressionCancelled } = await load();
    const controller = new AbortController();
    const cancelled = compressInWorker(new Blob(['1']), {}, controller.signal);
    const other = compressInWorker(new Blob(['2']));
    await tick();
    const worker = FakeWorker.made[0]!;
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(CompressionCancelled);
    expect(worker.terminated).toBe(true);
    // The other photo was sent again to a fresh worker (a Blob is not moved, so it can be).
    const fresh = FakeWorker.made[1]!;
    expect(fresh.posted).toHaveLength(1);
    fresh.reply({ id: fresh.posted[0]!.id, photo: photo('other') });
    await expect(other).resolves.toMatchObject({ sha256: 'other' });
    await expect(compressInWorker(new Blob(['3']), {}, AbortSignal.abort())).rejects.toBeInstanceOf(
      CompressionCancelled,
    );
    expect(mainThread.compressOnMainThread).not.toHaveBeenCalled();
  });
});

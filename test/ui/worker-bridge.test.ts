// The worker bridge against a fake Worker (Vitest runs in Node, which has no Web Workers):
// replies routed by id, progress, abort, crashes, transfer lists.
import { describe, expect, it } from 'vitest';
import { isAbortError, WorkerBridge, WorkerFailed } from '../../src/ui/worker-bridge';

interface Posted {
  message: { id: number; [key: string]: unknown };
  transfer: Transferable[];
}

/** Records what the page posts; the test answers as the worker would. */
class FakeWorker extends EventTarget {
  posted: Posted[] = [];
  terminated = false;

  postMessage(message: Posted['message'], options?: StructuredSerializeOptions | Transferable[]): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    const transfer = Array.isArray(options) ? options : (options?.transfer ?? []);
    this.posted.push({ message, transfer });
  }

  terminate(): void {
    this.terminated = true;
  }

  /** A reply from the worker's side. */
  reply(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }

  /** An uncaught error in the worker, or a script that failed to load (no message). */
  crash(message: string): Event {
    // Node has no ErrorEvent: an Event with its `message`.
    const event = Object.assign(new Event('error', { cancelable: true }), { message });
    this.dispatchEvent(event);
    return event;
  }
}

type Request = { n: number } | { bytes: ArrayBuffer };
type Reply = { kind: 'progress'; done: number } | { kind: 'done'; value: number };

function setUp(options: { terminateWhenIdle?: boolean } = {}) {
  const workers: FakeWorker[] = [];
  const bridge = new WorkerBridge<Request, Reply>(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    { name: 'test worker', isFinal: (r) => r.kind !== 'progress', ...options },
  );
  return { bridge, workers };
}

/** Lets rejections and resolutions run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WorkerBridge', () => {
  it('starts the worker at the first call and routes each reply to the call with its id', async () => {
    const { bridge, workers } = setUp();
    expect(workers).toHaveLength(0);
    const first = bridge.call({ n: 1 });
    const second = bridge.call({ n: 2 });
    expect(workers).toHaveLength(1);
    const worker = workers[0]!;
    const [a, b] = worker.posted.map((p) => p.message);
    expect(a).toEqual({ n: 1, id: a!.id });
    expect(b).toEqual({ n: 2, id: b!.id });
    expect(a!.id).not.toBe(b!.id);

    // Answered out of order, and a stray id is ignored.
    worker.reply({ id: 999, kind: 'done', value: -1 });
    worker.reply({ id: b!.id, kind: 'done', value: 20 });
    worker.reply({ id: a!.id, kind: 'done', value: 10 });
    await expect(first).resolves.toEqual({ id: a!.id, kind: 'done', value: 10 });
    await expect(second).resolves.toEqual({ id: b!.id, kind: 'done', value: 20 });
    expect(bridge.pending).toBe(0);
    // The worker stays for the next call.
    expect(worker.terminated).toBe(false);
    void bridge.call({ n: 3 });
    expect(workers).toHaveLength(1);
  });

  it('passes replies before the last to onProgress', async () => {
    const { bridge, workers } = setUp();
    const progress: number[] = [];
    const call = bridge.call({ n: 1 }, { onProgress: (r) => progress.push(r.kind === 'progress' ? r.done : NaN) });
    const worker = workers[0]!;
    const { id } = worker.posted[0]!.message;
    worker.reply({ id, kind: 'progress', done: 1 });
    worker.reply({ id, kind: 'progress', done: 2 });
    expect(bridge.pending).toBe(1);
    worker.reply({ id, kind: 'done', value: 3 });
    await expect(call).resolves.toMatchObject({ value: 3 });
    expect(progress).toEqual([1, 2]);
  });

  it('passes the transfer list to postMessage', async () => {
    const { bridge, workers } = setUp();
    const bytes = new ArrayBuffer(8);
    void bridge.call({ bytes }, { transfer: [bytes] });
    const [posted] = workers[0]!.posted;
    expect(posted!.transfer).toEqual([bytes]);
    expect(posted!.transfer[0]).toBe(bytes);
    expect(posted!.message.bytes).toBe(bytes);
  });

  it('transfers the bytes for real: the buffer is moved, not copied', async () => {
    // A real MessagePort stands in for the worker's postMessage: the transferred buffer
    // arrives whole on the other side and is detached on this one.
    const channel = new MessageChannel();
    const received = new Promise<{ id: number; bytes: ArrayBuffer }>((resolve) =>
      channel.port2.addEventListener('message', (e) => resolve(e.data), { once: true }),
    );
    channel.port2.start();
    const port = Object.assign(channel.port1, { terminate: () => channel.port1.close() });
    const bridge = new WorkerBridge<Request, Reply>(() => port as unknown as Worker, { name: 'port' });
    const bytes = new Uint8Array([1, 2, 3, 4]).buffer;
    void bridge.call({ bytes }, { transfer: [bytes] }).catch(() => undefined);
    expect(bytes.byteLength).toBe(0);
    const message = await received;
    expect([...new Uint8Array(message.bytes)]).toEqual([1, 2, 3, 4]);
    bridge.terminate();
    channel.port2.close();
  });

  it('aborting terminates the worker and rejects that call with an AbortError', async () => {
    const { bridge, workers } = setUp();
    const controller = new AbortController();
    const call = bridge.call({ n: 1 }, { signal: controller.signal });
    const worker = workers[0]!;
    controller.abort();
    const err = await call.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect((err as Error).name).toBe('AbortError');
    expect(worker.terminated).toBe(true);
    expect(bridge.pending).toBe(0);

    // A late reply from the terminated worker changes nothing; the next call gets a new worker.
    worker.reply({ id: worker.posted[0]!.message.id, kind: 'done', value: 1 });
    const next = bridge.call({ n: 2 });
    expect(workers).toHaveLength(2);
    const fresh = workers[1]!;
    fresh.reply({ id: fresh.posted[0]!.message.id, kind: 'done', value: 2 });
    await expect(next).resolves.toMatchObject({ value: 2 });
  });

  it('rejects at once, posting nothing, when the signal is already aborted', async () => {
    const { bridge, workers } = setUp();
    const err = await bridge.call({ n: 1 }, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(workers).toHaveLength(0);
  });

  it('an abort re-posts the other calls to a fresh worker, unless their bytes went to the old one', async () => {
    const { bridge, workers } = setUp();
    const controller = new AbortController();
    const cancelled = bridge.call({ n: 1 }, { signal: controller.signal });
    const other = bridge.call({ n: 2 });
    const bytes = new ArrayBuffer(4);
    const moved = bridge.call({ bytes }, { transfer: [bytes] });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    await expect(moved).rejects.toBeInstanceOf(WorkerFailed);
    expect(workers).toHaveLength(2);
    const fresh = workers[1]!;
    expect(fresh.posted.map((p) => p.message)).toEqual([{ n: 2, id: expect.any(Number) }]);
    fresh.reply({ id: fresh.posted[0]!.message.id, kind: 'done', value: 2 });
    await expect(other).resolves.toMatchObject({ value: 2 });
  });

  it('a worker error rejects every pending call, and a later call starts a new worker', async () => {
    const { bridge, workers } = setUp();
    const calls = [bridge.call({ n: 1 }), bridge.call({ n: 2 })];
    const worker = workers[0]!;
    const event = worker.crash('Uncaught RangeError: out of memory');
    const errors = await Promise.all(calls.map((c) => c.catch((e: unknown) => e)));
    for (const err of errors) {
      expect(err).toBeInstanceOf(WorkerFailed);
      expect((err as WorkerFailed).message).toBe('Uncaught RangeError: out of memory');
      expect((err as WorkerFailed).worker).toBe('test worker');
    }
    expect(event.defaultPrevented).toBe(true);
    expect(worker.terminated).toBe(true);
    expect(bridge.pending).toBe(0);

    const next = bridge.call({ n: 3 });
    expect(workers).toHaveLength(2);
    const fresh = workers[1]!;
    fresh.reply({ id: fresh.posted[0]!.message.id, kind: 'done', value: 3 });
    await expect(next).resolves.toMatchObject({ value: 3 });
  });

  it('a worker that failed to load (an error without a message) rejects with a plain one', async () => {
    const { bridge, workers } = setUp();
    const call = bridge.call({ n: 1 });
    workers[0]!.crash('');
    await expect(call).rejects.toThrow('worker failed');
  });

  it('a messageerror rejects every pending call', async () => {
    const { bridge, workers } = setUp();
    const calls = [bridge.call({ n: 1 }), bridge.call({ n: 2 })];
    workers[0]!.dispatchEvent(new MessageEvent('messageerror'));
    for (const call of calls) await expect(call).rejects.toThrow('test worker: a reply could not be read');
    expect(workers[0]!.terminated).toBe(true);
    void bridge.call({ n: 3 });
    expect(workers).toHaveLength(2);
  });

  it('a worker that cannot be constructed rejects the call; the next call tries again', async () => {
    let attempts = 0;
    const bridge = new WorkerBridge<Request, Reply>(
      () => {
        attempts++;
        throw new TypeError('module workers are not supported');
      },
      { name: 'test worker' },
    );
    const err = await bridge.call({ n: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerFailed);
    expect((err as Error).message).toBe('test worker could not start: module workers are not supported');
    await bridge.call({ n: 2 }).catch(() => undefined);
    expect(attempts).toBe(2);
  });

  it('terminate() rejects what is pending; terminateWhenIdle ends the worker after the last reply', async () => {
    const { bridge, workers } = setUp({ terminateWhenIdle: true });
    const call = bridge.call({ n: 1 });
    const worker = workers[0]!;
    worker.reply({ id: worker.posted[0]!.message.id, kind: 'progress', done: 1 });
    expect(worker.terminated).toBe(false);
    worker.reply({ id: worker.posted[0]!.message.id, kind: 'done', value: 1 });
    await call;
    expect(worker.terminated).toBe(true);

    const pending = bridge.call({ n: 2 });
    bridge.terminate();
    await expect(pending).rejects.toThrow('test worker stopped');
    expect(workers[1]!.terminated).toBe(true);
    await settle();
  });
});

// The page's one way to talk to a worker (photo compression, the PDF record). A call
// posts its request with an id and a transfer list (bytes are moved, not copied) and
// settles on the worker's reply with that id; earlier replies with the id are progress.
// Aborting a call terminates the worker, so nothing cancelled keeps running, and rejects
// the call with an AbortError. A worker that fails to load or crashes (`error`), or whose
// reply cannot be read (`messageerror`), rejects every pending call; the next call starts
// a fresh worker.

/** A message on the wire: a request or a reply with the id of its call. */
export type Tagged<T> = T & { id: number };

export interface CallOptions<Reply> {
  /** Moved to the worker, not copied (the request's ArrayBuffers): unusable here afterwards. */
  transfer?: readonly Transferable[];
  /** Aborting terminates the worker and rejects the call with an AbortError. */
  signal?: AbortSignal | undefined;
  /** Each reply before the last (progress, see WorkerBridgeOptions.isFinal). */
  onProgress?: (reply: Tagged<Reply>) => void;
}

export interface WorkerBridgeOptions<Reply> {
  /** Names the worker in errors ('photo worker', 'record worker'). */
  name: string;
  /** Whether a reply is its call's last: it settles the call. Every reply is by default. */
  isFinal?: (reply: Reply) => boolean;
  /** Terminate the worker whenever no call is pending (the record worker holds megabytes of fonts). */
  terminateWhenIdle?: boolean;
}

/** The worker could not start, crashed, sent a reply that could not be read, or was stopped. */
export class WorkerFailed extends Error {
  constructor(
    message: string,
    /** The bridge's name for the worker. */
    readonly worker: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WorkerFailed';
  }
}

/** What an aborted call rejects with. */
function abortError(): DOMException {
  return new DOMException('cancelled', 'AbortError');
}

export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

interface Pending<Request, Reply> {
  message: Tagged<Request>;
  transfer: readonly Transferable[];
  onProgress: ((reply: Tagged<Reply>) => void) | undefined;
  resolve: (reply: Tagged<Reply>) => void;
  reject: (err: unknown) => void;
  /** Stops listening to the call's signal. */
  release: () => void;
}

export class WorkerBridge<Request extends object, Reply extends object> {
  readonly #create: () => Worker;
  readonly #name: string;
  readonly #isFinal: (reply: Reply) => boolean;
  readonly #terminateWhenIdle: boolean;
  readonly #pending = new Map<number, Pending<Request, Reply>>();
  #worker: Worker | undefined;
  #nextId = 1;

  /** `create` makes the worker: called at the first call, and again after a crash or an abort. */
  constructor(create: () => Worker, options: WorkerBridgeOptions<Reply>) {
    this.#create = create;
    this.#name = options.name;
    this.#isFinal = options.isFinal ?? (() => true);
    this.#terminateWhenIdle = options.terminateWhenIdle ?? false;
  }

  /** Calls waiting for their last reply. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Post `request` (with a fresh id) and wait for its last reply. */
  call(request: Request, options: CallOptions<Reply> = {}): Promise<Tagged<Reply>> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      const onAbort = () => this.#abort(id);
      signal?.addEventListener('abort', onAbort, { once: true });
      const call: Pending<Request, Reply> = {
        message: { ...request, id },
        transfer: options.transfer ?? [],
        onProgress: options.onProgress,
        resolve,
        reject,
        release: () => signal?.removeEventListener('abort', onAbort),
      };
      this.#pending.set(id, call);
      this.#post(id, call);
    });
  }

  /** Terminate the worker; pending calls reject with WorkerFailed. The next call starts a new one. */
  terminate(): void {
    this.#fail(new WorkerFailed(`${this.#name} stopped`, this.#name));
  }

  #post(id: number, call: Pending<Request, Reply>): void {
    let worker: Worker;
    try {
      worker = this.#ensureWorker();
    } catch (err) {
      // No (module) workers here, or the script's URL is refused.
      const why = err instanceof Error ? err.message : String(err);
      this.#settle(id)?.reject(new WorkerFailed(`${this.#name} could not start: ${why}`, this.#name, { cause: err }));
      return;
    }
    try {
      worker.postMessage(call.message, { transfer: [...call.transfer] });
    } catch (err) {
      // The request itself cannot be sent (DataCloneError): only this call fails.
      this.#settle(id)?.reject(err);
      this.#stopIfIdle();
    }
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#create();
    worker.addEventListener('message', (event: MessageEvent<Tagged<Reply>>) => {
      if (worker === this.#worker) this.#receive(event.data);
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      // Handled here: every caller hears of it, and the console need not.
      event.preventDefault();
      if (worker === this.#worker) this.#fail(new WorkerFailed(event.message || 'worker failed', this.#name));
    });
    worker.addEventListener('messageerror', () => {
      if (worker === this.#worker) this.#fail(new WorkerFailed(`${this.#name}: a reply could not be read`, this.#name));
    });
    this.#worker = worker;
    return worker;
  }

  #receive(reply: Tagged<Reply>): void {
    const id = typeof reply === 'object' && reply !== null ? reply.id : undefined;
    const call = id === undefined ? undefined : this.#pending.get(id);
    if (id === undefined || !call) return; // not a reply to a call still waiting
    if (!this.#isFinal(reply)) {
      call.onProgress?.(reply);
      return;
    }
    this.#settle(id);
    call.resolve(reply);
    this.#stopIfIdle();
  }

  /** Forget a pending call (it is about to be settled) and return it. */
  #settle(id: number): Pending<Request, Reply> | undefined {
    const call = this.#pending.get(id);
    if (!call) return undefined;
    this.#pending.delete(id);
    call.release();
    return call;
  }

  #stopWorker(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
  }

  #stopIfIdle(): void {
    if (this.#terminateWhenIdle && this.#pending.size === 0) this.#stopWorker();
  }

  /** The worker is gone: every pending call rejects with `error`. */
  #fail(error: WorkerFailed): void {
    this.#stopWorker();
    const calls = [...this.#pending.keys()].map((id) => this.#settle(id));
    for (const call of calls) call?.reject(error);
  }

  #abort(id: number): void {
    const call = this.#settle(id);
    if (!call) return; // settled already
    // Terminating is the cancel: the worker stops at once, whatever it was doing.
    this.#stopWorker();
    call.reject(abortError());
    // The other calls go to a fresh worker when they can be sent again (nothing of theirs
    // was moved to the one terminated); the others cannot, and fail.
    for (const [otherId, other] of [...this.#pending]) {
      if (other.transfer.length === 0) this.#post(otherId, other);
      else
        this.#settle(otherId)?.reject(
          new WorkerFailed(`${this.#name} stopped: another call was cancelled`, this.#name),
        );
    }
    this.#stopIfIdle();
  }
}

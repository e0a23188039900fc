import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt with OWASP's minimum (N=2^17, r=8, p=1) costs ~128 MiB and ~0.3 s per login,
// too much for a small office box under a burst of logins; N=2^15 keeps ~32 MiB
// and ~80 ms. The parameters are stored with each hash, so they can rise later.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

/**
 * How many hashes run at once. scrypt runs on libuv's thread pool (4 threads), which
 * also reads and writes every file: a flood of logins holding all four would stall
 * photo uploads and the SQLite file. One at a time leaves the rest to everyone else.
 */
export const MAX_CONCURRENT_HASHES = 1;
/** Logins waiting for a hash beyond this are answered "busy" at once instead of queueing for minutes. */
export const MAX_WAITING_HASHES = 64;

/** Too many logins at once: answered 503 with Retry-After. */
export class HashingBusyError extends Error {}

/** At most `concurrency` jobs at once, at most `maxWaiting` queued; the rest refused at once. */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** What the bound has done so far: how many ran, and the most that ever ran at once. */
  readonly stats = { completed: 0, peak: 0 };

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else if (this.waiting.length >= this.maxWaiting)
      throw new HashingBusyError('too many logins at once: try again shortly');
    // The slot is handed over by the job finishing (below), so none is taken twice.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.stats.peak = Math.max(this.stats.peak, this.running);
    try {
      return await work();
    } finally {
      this.stats.completed++;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** Every password hash of this process goes through it. */
export const hashing = new BoundedQueue(MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES);

function derive(password: string, salt: Buffer, params: typeof PARAMS): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return hashing.run(
    () =>
      new Promise((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

/** A salted scrypt hash, as `scrypt$N$r$p$salt$key` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Whether the password matches the stored hash; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash no password matches: verified against for unknown names, so they take as long as known ones. */
export const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`;

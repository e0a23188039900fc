/** Failed logins allowed per account and address within the window. */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

/**
 * Counts failed logins per account+address in memory: a guesser is slowed without
 * letting anyone lock a colleague out from elsewhere. One server process holds it;
 * behind a reverse proxy every request comes from the proxy's address (see README).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds until this key may try again, or 0. */
  retryAfter(name: string, address: string): number {
    const recent = this.recent(key(name, address));
    if (recent.length < MAX_FAILURES) return 0;
    return recent[recent.length - MAX_FAILURES]! + WINDOW_MS - this.now();
  }

  fail(name: string, address: string): void {
    const k = key(name, address);
    this.failures.set(k, [...this.recent(k), this.now()]);
  }

  succeed(name: string, address: string): void {
    this.failures.delete(key(name, address));
  }

  private recent(k: string): number[] {
    const since = this.now() - WINDOW_MS;
    const recent = (this.failures.get(k) ?? []).filter((t) => t > since);
    if (recent.length) this.failures.set(k, recent);
    else this.failures.delete(k);
    return recent;
  }
}

const key = (name: string, address: string) => `${name.trim().toLowerCase()}\u0000${address}`;

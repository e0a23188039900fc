// Failed logins, counted in the database: every server process sees the same counts and a
// restart forgets none. Two keys, two jobs:
// - per login name, an exponential back-off after a few failures: a guesser gets slower
//   and slower at one account, while a colleague behind the same office NAT who mistyped
//   (or a stranger who typed their name) costs them seconds, at most minutes, never a
//   lockout;
// - per address, a ceiling on failures in a window: one machine trying many names
//   (password spraying) is stopped, which the per-name back-off alone would not do.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../storage/schema';

/** Wrong passwords a name may have before it waits at all. */
export const NAME_FREE_FAILURES = 5;
/** The first wait; it doubles with each further failure, up to the ceiling. */
export const NAME_FIRST_WAIT_MS = 1000;
export const NAME_MAX_WAIT_MS = 5 * 60 * 1000;
/** A name's failures are forgotten after this long without one (and on a successful login). */
export const NAME_FORGET_MS = 60 * 60 * 1000;
/** Failures one address may have, over any names, within a window. */
export const ADDRESS_MAX_FAILURES = 30;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

type Db = Kysely<Schema>;

export interface Block {
  /** What is held back: the name typed, or the address it came from. */
  by: 'name' | 'address';
  retryAfterMs: number;
}

export interface ThrottleEntry {
  key: string;
  failures: number;
  lastFailureAt: number;
  /** 0 when it holds nothing back at the moment. */
  retryAfterMs: number;
}

export class LoginThrottle {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a login for this name from this address is held back, and for how long. */
  async blocked(name: string, address: string): Promise<Block | undefined> {
    const rows = await this.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', 'in', [nameKey(name), addressKey(address)])
      .execute();
    let block: Block | undefined;
    for (const row of rows) {
      const wait = waitOf(row, this.now());
      const by = row.key.startsWith('name:') ? 'name' : 'address';
      if (wait > 0 && (!block || wait > block.retryAfterMs)) block = { by, retryAfterMs: wait };
    }
    return block;
  }

  /** Count a wrong password; returns the block it starts, if any. */
  async fail(name: string, address: string): Promise<Block | undefined> {
    const now = this.now();
    await this.count(nameKey(name), now, sql`login_throttle.last_failure_at < ${now - NAME_FORGET_MS}`);
    await this.count(addressKey(address), now, sql`login_throttle.window_start < ${now - ADDRESS_WINDOW_MS}`);
    return this.blocked(name, address);
  }

  /**
   * A right password forgets the name's failures; the address's stay, or a sprayer could
   * clear its count by signing in to an account of its own between guesses.
   */
  async succeed(name: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', nameKey(name)).execute();
  }

  /** What is counted now, most recent first (an admin's view). */
  async list(): Promise<ThrottleEntry[]> {
    const now = this.now();
    const rows = await this.db.selectFrom('login_throttle').selectAll().orderBy('last_failure_at', 'desc').execute();
    return rows
      .map((row) => ({
        key: row.key,
        failures: Number(row.failures),
        lastFailureAt: Number(row.last_failure_at),
        retryAfterMs: waitOf(row, now),
      }))
      .filter((entry) => !expired(entry.key, entry.lastFailureAt, now));
  }

  /** An admin lifts what a name or an address has counted; false when nothing was. */
  async clear(target: { name: string } | { address: string }): Promise<boolean> {
    const key = 'name' in target ? nameKey(target.name) : addressKey(target.address);
    const result = await this.db.deleteFrom('login_throttle').where('key', '=', key).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Rows that count nothing any more (names typed once, by anyone): dropped with the log's pruning. */
  async prune(): Promise<void> {
    const now = this.now();
    await this.db
      .deleteFrom('login_throttle')
      .where('last_failure_at', '<', now - Math.max(NAME_FORGET_MS, ADDRESS_WINDOW_MS))
      .execute();
  }

  /** One more failure under a key, atomically (two processes may count at once); `restart` says the old count is stale. */
  private async count(key: string, now: number, restart: ReturnType<typeof sql<boolean>>): Promise<void> {
    await this.db
      .insertInto('login_throttle')
      .values({ key, failures: 1, window_start: now, last_failure_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when ${restart} then 1 else login_throttle.failures + 1 end`,
          window_start: sql<number>`case when ${restart} then ${now} else login_throttle.window_start end`,
          last_failure_at: now,
        }),
      )
      .execute();
  }
}

function waitOf(row: { key: string; failures: number; window_start: number; last_failure_at: number }, now: number) {
  const failures = Number(row.failures);
  const last = Number(row.last_failure_at);
  if (row.key.startsWith('name:')) {
    if (failures < NAME_FREE_FAILURES || now - last > NAME_FORGET_MS) return 0;
    const wait = Math.min(NAME_FIRST_WAIT_MS * 2 ** (failures - NAME_FREE_FAILURES), NAME_MAX_WAIT_MS);
    return Math.max(0, last + wait - now);
  }
  if (failures < ADDRESS_MAX_FAILURES) return 0;
  return Math.max(0, Number(row.window_start) + ADDRESS_WINDOW_MS - now);
}

function expired(key: string, lastFailureAt: number, now: number): boolean {
  return now - lastFailureAt > (key.startsWith('name:') ? NAME_FORGET_MS : ADDRESS_WINDOW_MS);
}

/** Names as login compares them: `Zhang` and ` zhang` are one account to a guesser. */
function nameKey(name: string): string {
  return `name:${name.normalize('NFC').trim().toLowerCase()}`;
}

/**
 * An IPv4 address as it is (also when the socket reports it IPv4-mapped); an IPv6 one by
 * its /64, the block one subscriber gets, or one machine could spray from 2^64 addresses.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `address:${mapped[1]}`;
  if (!address.includes(':')) return `address:${address}`;
  return `address:${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

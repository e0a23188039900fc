// Failed logins, counted in the database: every server process sees the same counts and a
// restart forgets none. Two keys, two jobs:
// - per login name, an exponential back-off after a few failures: a guesser gets slower
//   and slower at one account, while a colleague behind the same office NAT who mistyped
//   (or a stranger who typed their name) costs them seconds, at most minutes, never a
//   lockout;
// - per address, a ceiling on failures in a window: one machine trying many names
//   (password spraying) is stopped, which the per-name back-off alone would not do. A
//   name that signed in from that address before is not held back by it, so a stranger
//   behind the office's NAT (or its reverse proxy) cannot lock the office out.
// An attempt counts as a failure *before* its password is checked (and is refunded when
// it was right): a burst of parallel guesses meets the limit as a slow guesser does.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../storage/dialect';
import type { LoginThrottleRow, Schema } from '../storage/schema';

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
/** How long a successful login exempts that name at that address from the address's limit. */
export const KNOWN_PAIR_MS = 30 * 24 * 60 * 60 * 1000;
/** The most rows an admin's view lists (the newest): an attack on unknown names leaves many. */
const LIST_LIMIT = 500;

type Db = Kysely<Schema>;

export interface Block {
  /** What is held back: the name typed, or the address it came from. */
  by: 'name' | 'address';
  retryAfterMs: number;
  /** The address's block, lifted for this name if its password is right (see attempt). */
  unlessRight?: true;
}

class HeldBack extends Error {
  constructor(readonly block: Block) {
    super('held back');
  }
}

export interface ThrottleEntry {
  /** `name:<hash>` (see nameKey) or `address:<address>`. */
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

  /**
   * Start a login attempt: held back (and not counted), or counted as a failure at once,
   * under a lock on its rows so parallel attempts see each other. Call `succeed` when the
   * password turns out right. A block with `unlessRight` is the address's, lifted for a
   * name that signed in from there before: its password is checked, and only a right one
   * gets in (a wrong one is answered as held back, so the answer tells nothing).
   */
  async attempt(name: string, address: string): Promise<Block | undefined> {
    // Held back already: answered without a write (a flood of refused requests costs reads).
    const seen = await this.blocked(name, address);
    if (seen && !seen.unlessRight) return seen;
    const now = this.now();
    const keys = { name: nameKey(name), address: addressKey(address), known: knownKey(name, address) };
    try {
      return await this.db.transaction().execute(async (trx) => {
        // The rows exist first, so both engines lock them (SQLite: the write takes the file's lock).
        await trx
          .insertInto('login_throttle')
          .values([keys.name, keys.address].map((key) => ({ key, failures: 0, window_start: now, last_failure_at: 0 })))
          .onConflict((oc) => oc.column('key').doNothing())
          .execute();
        // In key order: two attempts lock the same rows in the same order, never a deadlock.
        let query = trx
          .selectFrom('login_throttle')
          .selectAll()
          .where('key', 'in', [keys.name, keys.address, keys.known])
          .orderBy('key');
        if (dialectOf(this.db) === 'postgres') query = query.forUpdate();
        const rows = await query.execute();
        const block = decide(rows, keys, now);
        // Held back after all: roll the inserted rows back, nothing counted.
        if (block && !block.unlessRight) throw new HeldBack(block);
        await count(trx, keys.name, now, sql`login_throttle.last_failure_at < ${now - NAME_FORGET_MS}`);
        await count(trx, keys.address, now, sql`login_throttle.window_start < ${now - ADDRESS_WINDOW_MS}`);
        return block;
      });
    } catch (err) {
      if (err instanceof HeldBack) return err.block;
      throw err;
    }
  }

  /** Whether a login for this name from this address would be held back now (nothing counted). */
  async blocked(name: string, address: string): Promise<Block | undefined> {
    const keys = { name: nameKey(name), address: addressKey(address), known: knownKey(name, address) };
    const rows = await this.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', 'in', [keys.name, keys.address, keys.known])
      .execute();
    return decide(rows, keys, this.now());
  }

  /** Count a wrong password without an attempt (another process's, in tests and tools). */
  async fail(name: string, address: string): Promise<Block | undefined> {
    const now = this.now();
    await count(this.db, nameKey(name), now, sql`login_throttle.last_failure_at < ${now - NAME_FORGET_MS}`);
    await count(this.db, addressKey(address), now, sql`login_throttle.window_start < ${now - ADDRESS_WINDOW_MS}`);
    return this.blocked(name, address);
  }

  /**
   * The password was right: the name's failures are forgotten, the attempt's count at the
   * address is given back (the others stay, or a sprayer could clear its count by signing
   * in to an account of its own), and the pair is known from now on.
   */
  async succeed(name: string, address: string): Promise<void> {
    const now = this.now();
    await this.db.deleteFrom('login_throttle').where('key', '=', nameKey(name)).execute();
    await this.giveBack([addressKey(address)]);
    await this.db
      .insertInto('login_throttle')
      .values({ key: knownKey(name, address), failures: 0, window_start: now, last_failure_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ last_failure_at: now }))
      .execute();
  }

  /** An attempt that was never checked (the server was busy): counted for nothing. */
  async refund(name: string, address: string): Promise<void> {
    await this.giveBack([nameKey(name), addressKey(address)]);
  }

  private async giveBack(keys: string[]): Promise<void> {
    await this.db
      .updateTable('login_throttle')
      .set({ failures: sql<number>`case when failures > 0 then failures - 1 else 0 end` })
      .where('key', 'in', keys)
      .execute();
  }

  /**
   * What holds logins back or may soon, most recent first (an admin's view): the newest of
   * all, or those of the given names (an organisation's users, however many strangers
   * filled the table).
   */
  async list(names?: readonly string[]): Promise<ThrottleEntry[]> {
    const now = this.now();
    let query = this.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', 'not like', 'known:%')
      .where('failures', '>', 0)
      .orderBy('last_failure_at', 'desc')
      .limit(LIST_LIMIT);
    if (names) query = query.where('key', 'in', names.length ? names.map(nameKey) : ['']);
    const rows = await query.execute();
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

  /** Rows that count nothing any more: dropped with the log's pruning. */
  async prune(): Promise<void> {
    const now = this.now();
    await this.db
      .deleteFrom('login_throttle')
      .where('key', 'not like', 'known:%')
      .where('last_failure_at', '<', now - Math.max(NAME_FORGET_MS, ADDRESS_WINDOW_MS))
      .where('window_start', '<', now - ADDRESS_WINDOW_MS)
      .execute();
    await this.db
      .deleteFrom('login_throttle')
      .where('key', 'like', 'known:%')
      .where('last_failure_at', '<', now - KNOWN_PAIR_MS)
      .execute();
  }
}

/** One more failure under a key, atomically (two processes may count at once); `restart` says the old count is stale. */
async function count(db: Db, key: string, now: number, restart: ReturnType<typeof sql<boolean>>): Promise<void> {
  await db
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

/**
 * What holds this attempt back. A name that signed in from the address in the last 30 days
 * is spared the address's limit (a stranger spraying behind the office's NAT must not lock
 * it out), but only while the name itself has fewer than the free failures: a sprayer
 * guessing at that name loses the exemption at once.
 */
function decide(
  rows: readonly LoginThrottleRow[],
  keys: { name: string; address: string; known: string },
  now: number,
): Block | undefined {
  const of = (key: string) => rows.find((r) => r.key === key);
  const name = of(keys.name);
  const known = of(keys.known);
  const nameBlock = blockOf('name', name, now);
  if (nameBlock) return nameBlock;
  const addressBlock = blockOf('address', of(keys.address), now);
  if (!addressBlock) return undefined;
  const recentFailures = name && now - Number(name.last_failure_at) <= NAME_FORGET_MS ? Number(name.failures) : 0;
  const spared = known !== undefined && now - Number(known.last_failure_at) < KNOWN_PAIR_MS;
  return spared && recentFailures < NAME_FREE_FAILURES ? { ...addressBlock, unlessRight: true } : addressBlock;
}

function blockOf(by: Block['by'], row: LoginThrottleRow | undefined, now: number): Block | undefined {
  const wait = row ? waitOf(row, now) : 0;
  return wait > 0 ? { by, retryAfterMs: wait } : undefined;
}

function waitOf(row: LoginThrottleRow, now: number): number {
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

/**
 * A login name as login compares it (exactly), hashed: what was typed at a failed login
 * is sometimes a password typed into the wrong field, and should not be readable at a
 * glance in the table, its backups or an admin's screen (a fast unsalted hash of a short
 * string can be reversed by a dictionary: this hides, it does not protect). An admin's
 * view matches its users' names by their hashes.
 */
export function nameKey(name: string): string {
  return `name:${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}

function knownKey(name: string, address: string): string {
  return `known:${nameKey(name).slice('name:'.length)}@${addressKey(address).slice('address:'.length)}`;
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
  // An embedded IPv4 tail (64:ff9b::1.2.3.4) is two groups.
  const right = (tail ? tail.split(':') : []).flatMap((g) => (g.includes('.') ? ipv4Groups(g) : [g]));
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

function ipv4Groups(v4: string): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

// The app lock: set up with a PIN, opened with it, or — after too many wrong PINs —
// with the server's recovery secret once the user signed in online again. Nothing is
// ever wiped for a wrong PIN: the work on the phone may be the only copy.
import { database } from '../connection';
import type { IndexableType, Table } from 'dexie';
import { clearRowsSeen, holdKey, markClear, markLocked } from './keyring';
import { newDataKey, newSalt, PBKDF2_ITERATIONS, pinKey, recoveryKey, unwrap, wrap } from './keys';
import { countAttempt, createVault, deleteVault, readVault, replaceVault, updateVault, type Vault } from './vault';

export const MAX_PIN_TRIES = 5;
export const DEFAULT_IDLE_MINUTES = 5;
/** A PIN or passphrase, at least this long. */
export const MIN_PIN_LENGTH = 6;
/** Without an account to sign in with, waits instead: 30 s, doubling, at most an hour. */
const LOCAL_WAIT_MS = 30_000;
const LOCAL_WAIT_MAX_MS = 3_600_000;

/** The data key while unlocked, kept to re-wrap it (a new PIN, a new device's secret). */
let dataKey: Uint8Array | undefined;

export type LockStatus =
  | { kind: 'none' }
  | {
      kind: 'locked';
      user?: string;
      organisation?: string;
      failures: number;
      signInRequired: boolean;
      waitUntil?: number;
    }
  | { kind: 'open'; idleMinutes: number; recoverable: boolean; owner?: { userId: number; organisationId: number } };

/** Read once at start, before the records' database opens: a lock on this device keeps it shut. */
export async function startLock(): Promise<LockStatus> {
  const vault = await readVault();
  if (!vault) {
    markClear();
    return { kind: 'none' };
  }
  if (dataKey) return openStatus(vault);
  markLocked();
  return lockedStatus(vault);
}

export async function lockStatus(): Promise<LockStatus> {
  const vault = await readVault();
  if (!vault) return { kind: 'none' };
  if (dataKey) return openStatus(vault);
  return lockedStatus(vault);
}

function openStatus(vault: Vault): LockStatus {
  return {
    kind: 'open',
    idleMinutes: vault.idleMinutes,
    recoverable: !!vault.byServer,
    ...(vault.byServer
      ? { owner: { userId: vault.byServer.userId, organisationId: vault.byServer.organisationId } }
      : {}),
  };
}

function lockedStatus(vault: Vault): LockStatus {
  const signInRequired = !!vault.byServer && vault.failures >= MAX_PIN_TRIES;
  return {
    kind: 'locked',
    ...(vault.byServer ? { user: vault.byServer.user, organisation: vault.byServer.organisation } : {}),
    failures: vault.failures,
    signInRequired,
    ...(vault.blockedUntil !== undefined && vault.blockedUntil > Date.now() ? { waitUntil: vault.blockedUntil } : {}),
  };
}

export type UnlockResult =
  | { ok: true }
  | { ok: false; reason: 'wrong'; triesLeft: number }
  | { ok: false; reason: 'sign-in-required' }
  | { ok: false; reason: 'wait'; until: number };

export async function unlockWithPin(pin: string): Promise<UnlockResult> {
  // Counted first, in one transaction with the checks: a guess made in another tab at
  // the same moment counts too, and a wait is in force before this PIN is even derived.
  const counted = await countAttempt((vault) => refusal(vault) === undefined, nextWait);
  if (!counted) {
    // The lock was removed (signed out in another tab): nothing sealed is left to open.
    markClear();
    return { ok: true };
  }
  const { vault, refused } = counted;
  if (refused) return refusal(vault) ?? { ok: false, reason: 'sign-in-required' };
  const key = await unwrap(vault.byPin, await pinKey(pin, vault.kdf.salt, vault.kdf.iterations));
  if (!key) {
    if (vault.failures < MAX_PIN_TRIES)
      return { ok: false, reason: 'wrong', triesLeft: MAX_PIN_TRIES - vault.failures };
    if (vault.byServer) return { ok: false, reason: 'sign-in-required' };
    return { ok: false, reason: 'wait', until: vault.blockedUntil ?? Date.now() };
  }
  await updateVault({ failures: 0, blockedUntil: undefined });
  await opened(key, vault);
  return { ok: true };
}

/** Why a PIN is not even tried now: too many wrong ones (sign in, or wait). */
function refusal(vault: Vault): UnlockResult | undefined {
  if (vault.byServer && vault.failures >= MAX_PIN_TRIES) return { ok: false, reason: 'sign-in-required' };
  if (vault.blockedUntil !== undefined && vault.blockedUntil > Date.now())
    return { ok: false, reason: 'wait', until: vault.blockedUntil };
  return undefined;
}

/**
 * Without a server, the attempt that reaches the limit, and each one after it, sets a
 * wait before it is checked (cleared if it was right): 30 s, doubling, at most an hour.
 */
function nextWait(vault: Vault): number | undefined {
  const over = vault.failures - MAX_PIN_TRIES;
  if (vault.byServer || over < 0) return undefined;
  return Date.now() + Math.min(LOCAL_WAIT_MS * 2 ** over, LOCAL_WAIT_MAX_MS);
}

/**
 * After signing in online again: the server's secret for the device the lock was last
 * tied to opens the data key. False when it does not (another user, another device).
 * The caller then sets a new PIN (resetPin) and ties the lock to the new device.
 */
export async function unlockWithRecovery(secret: string): Promise<boolean> {
  const vault = await readVault();
  if (!vault?.byServer) return false;
  const key = await unwrap(vault.byServer.wrapped, await recoveryKey(secret));
  if (!key) return false;
  await opened(key, vault);
  return true;
}

/** Unlocked: rows open and seal from now on; rows written before the lock existed are sealed now. */
async function opened(key: Uint8Array, vault: Vault): Promise<void> {
  await holdKey(key);
  dataKey = key;
  if (!vault.sealedAll) await sealExistingOrLater();
}

/** Sealing that fails (storage gone, a tab's upgrade) does not keep the app shut: the next unlock goes on. */
async function sealExistingOrLater(): Promise<void> {
  await sealExisting().catch((err: unknown) =>
    console.error('at rest: sealing stopped, goes on at the next unlock', err),
  );
}

export interface ServerRecovery {
  deviceId: string;
  userId: number;
  organisationId: number;
  user: string;
  organisation: string;
  /** The server's recovery secret for this device (base64url). */
  secret: string;
}

/**
 * Set up the lock: a new data key, wrapped by the PIN (and the server's secret when
 * given); existing rows sealed. `iterations` only for tests, where each derivation would
 * otherwise cost a third of a second.
 */
export async function setUpLock(
  pin: string,
  server?: ServerRecovery,
  iterations = PBKDF2_ITERATIONS,
  /** Told once the key is in force, before existing rows are sealed (other tabs must stop writing in the clear). */
  inForce?: () => void,
): Promise<void> {
  checkPin(pin);
  const existing = await readVault();
  if (existing && !dataKey) throw new Error('the app is locked');
  // Open already (another user's lock, their records cleared): the same key, a new PIN,
  // since rows sealed with it may remain (templates aside, none should).
  const key = dataKey ?? newDataKey();
  const salt = newSalt();
  const vault: Vault = {
    id: 'vault',
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt },
    byPin: await wrap(key, await pinKey(pin, salt, iterations)),
    ...(server ? { byServer: await serverWrap(key, server) } : {}),
    failures: 0,
    idleMinutes: existing?.idleMinutes ?? DEFAULT_IDLE_MINUTES,
    sealedAll: existing?.sealedAll ?? false,
  };
  // The vault first: should the page die while rows are being sealed, the next unlock
  // goes on. A new one is added, never put over one another tab set up meanwhile (whose
  // key may already seal rows): that fails, and this tab reloads into the lock screen.
  if (existing) await replaceVault(existing, vault);
  else await createVault(vault);
  await holdKey(key);
  dataKey = key;
  inForce?.();
  if (!vault.sealedAll) await sealExistingOrLater();
}

/** A new PIN for the unlocked data key (after recovery, or when the user changes it). */
export async function resetPin(pin: string): Promise<void> {
  checkPin(pin);
  const vault = await readVault();
  if (!dataKey || !vault) throw new Error('the app is locked');
  const salt = newSalt();
  const iterations = Math.max(vault.kdf.iterations, PBKDF2_ITERATIONS);
  await updateVault({
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt },
    byPin: await wrap(dataKey, await pinKey(pin, salt, iterations)),
    failures: 0,
    blockedUntil: undefined,
  });
}

/** Tie the lock to this device's server secret (a sign-in, or a lock set up offline). */
export async function rememberServer(server: ServerRecovery): Promise<void> {
  if (!dataKey) throw new Error('the app is locked');
  await updateVault({ byServer: await serverWrap(dataKey, server) });
}

async function serverWrap(key: Uint8Array, server: ServerRecovery): Promise<NonNullable<Vault['byServer']>> {
  const { secret, ...owner } = server;
  return { ...owner, wrapped: await wrap(key, await recoveryKey(secret)) };
}

export async function setIdleMinutes(minutes: number): Promise<void> {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 60) throw new RangeError('idle minutes: 1 to 60');
  await updateVault({ idleMinutes: minutes });
}

/** The device the lock is tied to on the server: a recovery sign-in names it. */
export async function lockedDeviceId(): Promise<string | undefined> {
  return (await readVault())?.byServer?.deviceId;
}

/** Forget the key: nothing sealed can be read until the PIN is given again (the UI reloads too). */
export function lock(): void {
  dataKey = undefined;
  markLocked();
}

/** The records left the phone (logout): the lock goes with them. */
export async function removeLock(): Promise<void> {
  await deleteVault();
  dataKey = undefined;
  markClear();
}

function checkPin(pin: string): void {
  if (pin.length < MIN_PIN_LENGTH) throw new RangeError(`a PIN needs at least ${MIN_PIN_LENGTH} characters`);
}

/**
 * Seal every row written in the clear, a few at a time (a phone's photos do not fit in
 * memory at once), until a pass finds none: a tab that wrote in the clear meanwhile (it
 * had not reloaded yet) is caught by the next pass. A row this key cannot open (sealed
 * by a key that is gone), or one that cannot be sealed, is left as it is and said so:
 * it is not allowed to stop the app from opening. Any other failure stops the pass, and
 * the next unlock starts again.
 */
async function sealExisting(): Promise<void> {
  const db = database();
  for (let pass = 0; pass < 5; pass++) {
    const before = clearRowsSeen();
    let leftClear = 0;
    for (const table of db.tables) {
      if (table.name === 'templates') continue;
      const keys = await table.toCollection().primaryKeys();
      const batch = table.name === 'blobs' ? 4 : 200;
      for (let i = 0; i < keys.length; i += batch) {
        const slice = keys.slice(i, i + batch);
        await db
          .transaction('rw', table, async () => {
            const rows = (await table.bulkGet(slice)).filter((r) => r !== undefined);
            await table.bulkPut(rows);
          })
          .catch(async (err: unknown) => {
            if (!isRowFault(err)) throw err;
            leftClear += await sealOneByOne(table, slice);
          });
      }
    }
    if (clearRowsSeen() - before <= leftClear) return updateVault({ sealedAll: true });
  }
}

/** A row this key cannot open (GCM refuses it), or one the codec cannot seal. */
function isRowFault(err: unknown): boolean {
  return err instanceof TypeError || (err instanceof Error && /invalid tag|aes-gcm/i.test(err.message));
}

/** Seal one row at a time; how many rows were left in the clear (they could not be sealed). */
async function sealOneByOne(table: Table, keys: IndexableType[]): Promise<number> {
  let leftClear = 0;
  for (const key of keys)
    await table.db
      .transaction('rw', table, async () => {
        const row: unknown = await table.get(key);
        if (row !== undefined) await table.put(row);
      })
      .catch((err: unknown) => {
        if (!isRowFault(err)) throw err;
        if (err instanceof TypeError) leftClear++;
        console.error(`at rest: a ${table.name} row left as it is`, err);
      });
  return leftClear;
}

// The app lock: set up with a PIN, opened with it, or — after too many wrong PINs —
// with the server's recovery secret once the user signed in online again. Nothing is
// ever wiped for a wrong PIN: the work on the phone may be the only copy.
import { database } from '../connection';
import { holdKey, markClear, markLocked } from './keyring';
import { newDataKey, newSalt, PBKDF2_ITERATIONS, pinKey, recoveryKey, unwrap, wrap } from './keys';
import { deleteVault, readVault, updateVault, writeVault, type Vault } from './vault';

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
  | { kind: 'open'; idleMinutes: number; recoverable: boolean; user?: string };

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
    ...(vault.byServer ? { user: vault.byServer.user } : {}),
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
  const vault = await readVault();
  if (!vault) return { ok: true };
  if (vault.byServer && vault.failures >= MAX_PIN_TRIES) return { ok: false, reason: 'sign-in-required' };
  if (vault.blockedUntil !== undefined && vault.blockedUntil > Date.now())
    return { ok: false, reason: 'wait', until: vault.blockedUntil };
  const key = await unwrap(vault.byPin, await pinKey(pin, vault.kdf.salt, vault.kdf.iterations));
  if (!key) {
    const failures = vault.failures + 1;
    const over = failures - MAX_PIN_TRIES;
    const blockedUntil =
      !vault.byServer && over >= 0 ? Date.now() + Math.min(LOCAL_WAIT_MS * 2 ** over, LOCAL_WAIT_MAX_MS) : undefined;
    await updateVault({ failures, ...(blockedUntil ? { blockedUntil } : {}) });
    if (vault.byServer && failures >= MAX_PIN_TRIES) return { ok: false, reason: 'sign-in-required' };
    if (blockedUntil) return { ok: false, reason: 'wait', until: blockedUntil };
    return { ok: false, reason: 'wrong', triesLeft: MAX_PIN_TRIES - failures };
  }
  if (vault.failures > 0 || vault.blockedUntil !== undefined)
    await updateVault({ failures: 0, blockedUntil: undefined });
  await opened(key, vault);
  return { ok: true };
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
  if (!vault.sealedAll) await sealExisting();
}

export interface ServerRecovery {
  deviceId: string;
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
export async function setUpLock(pin: string, server?: ServerRecovery, iterations = PBKDF2_ITERATIONS): Promise<void> {
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
  // The vault first: should the page die while rows are being sealed, the next unlock goes on.
  await writeVault(vault);
  await opened(key, vault);
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
  const { deviceId, user, organisation, secret } = server;
  return { deviceId, user, organisation, wrapped: await wrap(key, await recoveryKey(secret)) };
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

/** Seal every row written in the clear, a few at a time (a phone's photos do not fit in memory at once). */
async function sealExisting(): Promise<void> {
  const db = database();
  for (const table of db.tables) {
    if (table.name === 'templates') continue;
    const keys = await table.toCollection().primaryKeys();
    const batch = table.name === 'blobs' ? 4 : 200;
    for (let i = 0; i < keys.length; i += batch) {
      await db.transaction('rw', table, async () => {
        const rows = (await table.bulkGet(keys.slice(i, i + batch))).filter((r) => r !== undefined);
        await table.bulkPut(rows);
      });
    }
  }
  await updateVault({ sealedAll: true });
}

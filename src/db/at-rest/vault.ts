// The lock's own record, in a database of its own: it must be read before the records'
// database opens (which may run migrations over sealed rows), and it holds nothing the
// lock protects — only the wrapped key, how the PIN is derived, and the lock's settings.
import { Dexie, type EntityTable } from 'dexie';
import type { Wrapped } from './keys';

export interface Vault {
  id: 'vault';
  kdf: { name: 'PBKDF2-SHA-256'; iterations: number; salt: Uint8Array };
  byPin: Wrapped;
  /** The data key wrapped by the server's recovery secret for this device, once it gave one. */
  byServer?: {
    deviceId: string;
    /** Whose lock it is: ids decide (two people may share a name), names are shown. */
    userId: number;
    organisationId: number;
    user: string;
    organisation: string;
    wrapped: Wrapped;
  };
  /** Wrong PINs in a row. */
  failures: number;
  /** Without a server to ask, wrong PINs past the limit wait instead. */
  blockedUntil?: number;
  /** Minutes without a touch before the app locks. */
  idleMinutes: number;
  /** Every row written before the lock was set up has been sealed since. */
  sealedAll: boolean;
}

type VaultDB = Dexie & { vault: EntityTable<Vault, 'id'> };

let db: VaultDB | undefined;

function vaultDb(): VaultDB {
  if (!db) {
    db = new Dexie('xunjian-vault') as VaultDB;
    db.version(1).stores({ vault: 'id' });
  }
  return db;
}

export function readVault(): Promise<Vault | undefined> {
  return vaultDb().vault.get('vault');
}

/** A new lock: refused (ConstraintError) when another tab set one up meanwhile. */
export async function createVault(vault: Vault): Promise<void> {
  await vaultDb().vault.add(vault);
}

/**
 * Count a PIN attempt before the PIN is checked, in one transaction, so tabs guessing at
 * once count each guess: `allowed` decides on the vault as stored (a limit reached, a
 * wait in force: not counted, refused); `waitUntil` on the vault as counted. Undefined
 * when there is no vault.
 */
export function countAttempt(
  allowed: (vault: Vault) => boolean,
  waitUntil: (counted: Vault) => number | undefined,
): Promise<{ vault: Vault; refused: boolean } | undefined> {
  const db = vaultDb();
  return db.transaction('rw', db.vault, async () => {
    const vault = await db.vault.get('vault');
    if (!vault) return undefined;
    if (!allowed(vault)) return { vault, refused: true };
    const counted: Vault = { ...vault, failures: vault.failures + 1 };
    const until = waitUntil(counted);
    if (until !== undefined) counted.blockedUntil = until;
    await db.vault.put(counted);
    return { vault: counted, refused: false };
  });
}

/**
 * The lock set up again while open (its key kept): replaces the record, unless it
 * changed since it was read (another tab's new lock, a new PIN): then ConstraintError.
 */
export function replaceVault(previous: Vault, next: Vault): Promise<void> {
  const db = vaultDb();
  return db.transaction('rw', db.vault, async () => {
    const current = await db.vault.get('vault');
    if (!current || !sameBytes(current.byPin.iv, previous.byPin.iv)) {
      const err = new Error('the app lock changed meanwhile');
      err.name = 'ConstraintError';
      throw err;
    }
    await db.vault.put({ ...next, idleMinutes: current.idleMinutes });
  });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
export async function updateVault(changes: Partial<Omit<Vault, 'id'>>): Promise<void> {
  await vaultDb().vault.update('vault', changes);
}

export async function deleteVault(): Promise<void> {
  await vaultDb().vault.delete('vault');
}

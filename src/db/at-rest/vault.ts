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
  byServer?: { deviceId: string; user: string; organisation: string; wrapped: Wrapped };
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

export async function writeVault(vault: Vault): Promise<void> {
  await vaultDb().vault.put(vault);
}

export async function updateVault(changes: Partial<Omit<Vault, 'id'>>): Promise<void> {
  await vaultDb().vault.update('vault', changes);
}

export async function deleteVault(): Promise<void> {
  await vaultDb().vault.delete('vault');
}

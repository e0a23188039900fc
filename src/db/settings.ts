// Small values this device keeps, one `settings` row `{ key, value }` each. Every key is
// here with the type of its value: read and write them through readSetting and
// writeSetting, not through db.settings with a cast. The key strings are stored on
// users' phones: never change one (a new meaning is a new key). The released migrations
// in migrations.ts keep their own literal keys, as they keep all their code.
import type { Account, Owner } from './account';
import { database, write } from './connection';
import type { XunjianDB } from './database';

export interface SettingValues {
  /** The seq number the next outbox entry will get (outbox.ts); 1 when absent. */
  'sync.nextSeq': number;
  /** Where the next pull started under sync format 1: no longer read (format 2 pulls its scope from the start). */
  'sync.cursor': number;
  /** Where the next pull starts (pulled.ts), as the server handed it out; absent: from the start of the scope. */
  'sync.scopeCursor': string;
  /** The highest seq the server confirmed for a device id: a server that later says less was restored. */
  'sync.confirmed': { deviceId: string; seq: number };
  /** A restore was noticed and the repair (re-send, pull from the start) has not finished. */
  'sync.repair': boolean;
  /** Syncs left after a repair in which a change refused as not (yet) the user's is queued again. */
  'sync.repairGrace': number;
  /** The participants this phone added (or saw) per inspection: a repair adds them again. */
  'sync.participants': Record<string, number[]>;
  /** Who shared an inspection with this user (added them as a participant), by inspection id. */
  'sync.sharedBy': Record<string, string>;
  /** Inspections opened on demand from the office list: their photos' bytes come when shown, not with each sync. */
  'sync.opened': string[];
  /** Who this device syncs as, with its token (account.ts). */
  'sync.account': Account;
  /** Whose records are on this device; stays when the token goes (account.ts). */
  'sync.owner': Owner;
  /** The marking printed on every page of the PDFs (src/report/model/marking.ts). */
  'record.marking': string;
  /** Where the app was last, to resume there (src/ui/state/resume.ts). */
  lastRoute: string;
  /** The inspector acknowledged the secrecy notice (src/ui/components/SecrecyNotice.tsx). */
  'notice.secrecy.seen': boolean;
}

export type SettingKey = keyof SettingValues;

/** The keys by name. */
export const SETTINGS = {
  nextSeq: 'sync.nextSeq',
  scopeCursor: 'sync.scopeCursor',
  confirmed: 'sync.confirmed',
  repair: 'sync.repair',
  opened: 'sync.opened',
  sharedBy: 'sync.sharedBy',
  repairGrace: 'sync.repairGrace',
  participants: 'sync.participants',
  account: 'sync.account',
  owner: 'sync.owner',
  marking: 'record.marking',
  lastRoute: 'lastRoute',
  secrecySeen: 'notice.secrecy.seen',
} as const satisfies Record<string, SettingKey>;

/** Where settings are: the database (inside a transaction, the one it runs in) or its settings table. */
type SettingsStore = XunjianDB | XunjianDB['settings'];

const tableOf = (store: SettingsStore) => ('settings' in store ? store.settings : store);

/** A setting's value, undefined when it was never written. Inside a transaction, pass its database or table. */
export async function readSetting<K extends SettingKey>(
  key: K,
  from: SettingsStore = database(),
): Promise<SettingValues[K] | undefined> {
  return (await tableOf(from).get(key))?.value as SettingValues[K] | undefined;
}

/**
 * Keep a setting: as a write of its own (see `write`), or, given the database or table of
 * the transaction it is called in, as part of that transaction.
 */
export async function writeSetting<K extends SettingKey>(
  key: K,
  value: SettingValues[K],
  to?: SettingsStore,
): Promise<void> {
  if (to) await tableOf(to).put({ key, value });
  else await write((db) => db.settings.put({ key, value }));
}

// TODO(after the big-room change lands): only src/ui/components/SecrecyNotice.tsx still
// calls these two (with its own copy of the key); move it to
// readSetting/writeSetting(SETTINGS.secrecySeen) and delete them.
export async function getSetting<T>(key: SettingKey): Promise<T | undefined> {
  return (await readSetting(key)) as T | undefined;
}

export async function setSetting<K extends SettingKey>(key: K, value: SettingValues[K]): Promise<void> {
  await writeSetting(key, value);
}

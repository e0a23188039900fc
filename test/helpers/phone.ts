// A phone for sync tests: its own IndexedDB (fake-indexeddb), the app's real db
// functions and sync engine, talking to the real server over loopback. Phones take
// turns: the app's db functions use one current database, so each call installs its own.
import {
  applySnapshot,
  createDatabase,
  getAccount,
  getOwner,
  saveAccount,
  useDatabase,
  type XunjianDB,
} from '../../src/db';
import { createApi } from '../../src/sync/api';
import { addParticipant } from '../../src/sync/participants';
import { runSync, type SyncOutcome } from '../../src/sync/engine';
import { PASSWORD } from './sync-harness';

let counter = 0;

export class Phone {
  readonly db: XunjianDB;
  readonly dbName: string;

  constructor(
    readonly url: string,
    dbName?: string,
  ) {
    this.dbName = dbName ?? `phone-${process.pid}-${++counter}`;
    this.db = createDatabase(this.dbName);
  }

  /** Make this phone's database the app's, for the db calls that follow. */
  use(): XunjianDB {
    useDatabase(this.db);
    return this.db;
  }

  /** Sign in as the login screen does (telling the server which device this phone was before). */
  async login(name: string, password = PASSWORD): Promise<void> {
    this.use();
    const owner = await getOwner();
    const {
      format: _format,
      previousDevice,
      ...session
    } = await createApi(undefined, this.url).login({
      name,
      password,
      deviceLabel: `${name}'s phone`,
      ...(owner ? { previousDeviceId: owner.deviceId } : {}),
    });
    await saveAccount({ ...session, signedInAt: Date.now() }, previousDevice);
  }

  /** One sync, as the app runs it; `fetchImpl` lets a test cut the network. */
  async sync(fetchImpl?: typeof fetch): Promise<SyncOutcome> {
    this.use();
    const account = await getAccount();
    if (!account) throw new Error('not signed in');
    return runSync(createApi(account.token, this.url, fetchImpl), account);
  }

  /** Add colleagues (by login name) to an inspection, as the participants panel does. */
  async share(inspectionId: string, ...names: string[]): Promise<void> {
    const api = await this.api();
    const { people } = await api.people();
    for (const name of names) {
      const person = people.find((p) => p.name === name);
      if (!person) throw new Error(`no ${name} among ${people.map((p) => p.name).join(', ')}`);
      await addParticipant(api, inspectionId, person.id);
    }
  }

  /** Open one inspection from the office list, as a reviewer does: its records, not the organisation. */
  async open(inspectionId: string): Promise<number> {
    const api = await this.api();
    const snapshot = await api.openInspection(inspectionId);
    if (!snapshot) throw new Error(`inspection ${inspectionId} is not one this user may read`);
    this.use();
    const account = (await getAccount())!;
    return applySnapshot(snapshot, account.deviceId, account.user.id);
  }

  private async api() {
    this.use();
    const account = await getAccount();
    if (!account) throw new Error('not signed in');
    return createApi(account.token, this.url);
  }

  /** The app killed and started again: a new connection to the same stored data. */
  restart(): Phone {
    this.db.close();
    return new Phone(this.url, this.dbName);
  }
}

/** Sync and insist it worked (the failure's message otherwise). */
export async function synced(phone: Phone): Promise<Extract<SyncOutcome, { ok: true }>> {
  const outcome = await phone.sync();
  if (!outcome.ok) throw new Error(`sync failed: ${outcome.failure}: ${outcome.message}`);
  return outcome;
}

/** A network that delivers each push to the server and then loses the reply. */
export const loseReply: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (String(input).endsWith('/api/sync/push')) throw new TypeError('connection reset');
  return response;
};

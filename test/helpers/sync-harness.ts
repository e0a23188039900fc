// A real sync server on 127.0.0.1 with a real database (the backend under test: SQLite,
// or PostgreSQL), seeded with two organisations, and a small client that speaks
// src/shared/sync-protocol.ts.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { contentDigest, type DigestInput } from '../../src/shared/digest';
import type { Photo, Signature } from '../../src/shared/evidence';
import type { Answer, Inspection, Review, RoomVisit } from '../../src/shared/inspection';
import {
  SYNC_FORMAT_VERSION,
  type LoginResponse,
  type Mutation,
  type PeopleResponse,
  type PullResponse,
  type PushEntry,
  type PushResponse,
} from '../../src/shared/sync-protocol';
import { createOrganisation, createUser } from '../../src/server/services/accounts';
import { migrateToLatest } from '../../src/server/storage/migrate';
import { SQLITE_FILE } from '../../src/server/storage/sqlite';
import { startServer, type RunningServer } from './server';
import { databaseEnv, databaseOf, freshDatabase, openTestStorage, query } from './test-backend';

export const PASSWORD = 'correct horse';

/** A data folder (and on PostgreSQL a fresh database) with organisations A and B and their people. */
export async function seedDataDir(): Promise<string> {
  const { dataDir } = await freshDatabase('xunjian-sync-');
  const storage = openTestStorage(dataDir);
  await migrateToLatest(storage.db);
  for (const org of ['A', 'B']) await createOrganisation(storage.db, org);
  const people = [
    ['a1', 'A', 'inspector'],
    ['a2', 'A', 'inspector'],
    ['a3', 'A', 'inspector'],
    ['ra', 'A', 'reviewer'],
    ['aa', 'A', 'admin'],
    ['b1', 'B', 'inspector'],
  ] as const;
  for (const [name, organisation, role] of people)
    await createUser(storage.db, { organisation, name, role, password: PASSWORD });
  await storage.close();
  return dataDir;
}

export function startSyncServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ ...databaseEnv(dataDir), STATIC_DIR: join(dataDir, 'no-static'), ...env });
}

/** Query the server's database directly, on either backend (a second connection, as the admin CLI would). */
export function selectRows(dataDir: string, sql: string, ...params: unknown[]): Promise<Record<string, unknown>[]> {
  return query(dataDir, sql, params);
}

/** The same on SQLite only, without waiting: the end-to-end tests run on SQLite. */
export function rows(dataDir: string, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  if (databaseOf(dataDir).databaseUrl) throw new Error('rows(): these rows are in PostgreSQL: await selectRows()');
  const db = new Database(join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

/** Change the database behind the server's back (as the admin CLI would). */
export async function write(dataDir: string, sql: string, ...params: unknown[]): Promise<void> {
  await query(dataDir, sql, params);
}

export async function countRows(dataDir: string, table: string): Promise<number> {
  return Number((await selectRows(dataDir, `select count(*) as n from ${table}`))[0]!.n);
}

/**
 * Change ids handed out so far: one for each version of a record a push wrote, and one
 * for each participant added or removed (on a fresh database, where every
 * organisation's counter starts at 0).
 */
export async function countChanges(dataDir: string): Promise<number> {
  return Number((await selectRows(dataDir, 'select coalesce(sum(value), 0) as n from change_counter'))[0]!.n);
}

/** Every version of every record, current or replaced, with the device and outbox seq that wrote it. */
export const VERSIONS =
  '(select device_id, seq from records union all select device_id, seq from record_history) as versions';

export async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** One logged-in device with its outbox counter. */
export class Device {
  private seq = 0;
  constructor(
    readonly url: string,
    readonly session: LoginResponse,
  ) {}

  static async login(url: string, name: string, password = PASSWORD): Promise<Device> {
    const res = await post(`${url}/api/login`, { name, password, deviceLabel: `${name}'s phone` });
    if (res.status !== 200) throw new Error(`login ${name}: ${res.status} ${await res.text()}`);
    return new Device(url, (await res.json()) as LoginResponse);
  }

  get token(): string {
    return this.session.token;
  }

  /** Number mutations as the next outbox entries. */
  entries(...mutations: Mutation[]): PushEntry[] {
    return mutations.map((mutation) => ({ seq: ++this.seq, mutation }));
  }

  /** The next outbox entry with something that is not a valid mutation. */
  rawEntry(mutation: unknown): { seq: number; mutation: unknown } {
    return { seq: ++this.seq, mutation };
  }

  pushRaw(entries: unknown[], extra: Record<string, unknown> = {}): Promise<Response> {
    const body = { format: SYNC_FORMAT_VERSION, deviceId: this.session.deviceId, entries, ...extra };
    return post(`${this.url}/api/sync/push`, body, this.token);
  }

  async push(entries: PushEntry[]): Promise<PushResponse> {
    const res = await this.pushRaw(entries);
    if (res.status !== 200) throw new Error(`push: ${res.status} ${await res.text()}`);
    return (await res.json()) as PushResponse;
  }

  async pull(cursor: string | null = null): Promise<PullResponse> {
    const res = await post(`${this.url}/api/sync/pull`, { format: SYNC_FORMAT_VERSION, cursor }, this.token);
    if (res.status !== 200) throw new Error(`pull: ${res.status} ${await res.text()}`);
    return (await res.json()) as PullResponse;
  }
}

/** Add a colleague (by login name) to the inspection, as its inspector does from the phone. */
export async function share(device: Device, inspectionId: string, ...names: string[]): Promise<void> {
  const res = await fetch(`${device.url}/api/people`, { headers: { authorization: `Bearer ${device.token}` } });
  const { people } = (await res.json()) as PeopleResponse;
  for (const name of names) {
    const person = people.find((p) => p.name === name);
    if (!person) throw new Error(`share: no ${name} in ${JSON.stringify(people)}`);
    const added = await post(
      `${device.url}/api/inspections/${encodeURIComponent(inspectionId)}/participants`,
      { format: SYNC_FORMAT_VERSION, userId: person.id },
      device.token,
    );
    if (added.status !== 200)
      throw new Error(`share ${inspectionId} with ${name}: ${added.status} ${await added.text()}`);
  }
}

/** Every change of the device's scope, from the start (all pages). */
export async function pullAll(device: Device): Promise<PullResponse['changes']> {
  const changes: PullResponse['changes'] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await device.pull(cursor);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.more) return changes;
  }
}

let counter = 0;
const uid = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export function inspection(patch: Partial<Inspection> = {}): Inspection {
  return {
    id: uid('insp'),
    unit: '某某县人民法院',
    address: '人民路 1 号',
    date: '2025-06-01',
    basis: '网络安全法',
    inspectors: ['张三', '李四'],
    representative: { name: '王五', title: '办公室主任' },
    template: { id: 'general', version: 1 },
    createdAt: 1,
    updatedAt: 1,
    ...patch,
  };
}

export function room(inspectionId: string, patch: Partial<RoomVisit> = {}): RoomVisit {
  return { id: uid('room'), inspectionId, kind: 'machine-room', name: '机房', order: 1, ...patch };
}

export function answer(inspectionId: string, roomId: string, itemId: string, patch: Partial<Answer> = {}): Answer {
  return { id: `${roomId}/-/${itemId}`, inspectionId, roomId, itemId, result: 'pass', updatedAt: 1, ...patch };
}

export function photo(inspectionId: string, roomId: string, sha256: string): Photo {
  return {
    id: uid('photo'),
    inspectionId,
    roomId,
    itemId: 'item-1',
    attachedTo: 'item',
    sha256,
    bytes: 1000,
    width: 100,
    height: 100,
    mime: 'image/jpeg',
    capturedAt: 1,
    createdAt: 1,
    caption: '',
  };
}

/** A signature over what the signer saw: the digest of exactly the records given. */
export async function signature(
  content: Pick<DigestInput, 'inspection'> & Partial<Omit<DigestInput, 'inspection'>>,
): Promise<Signature> {
  const { inspection, rooms = [], computers = [], answers = [], findings = [], photos = [] } = content;
  return {
    id: uid('sig'),
    inspectionId: inspection.id,
    role: 'inspector',
    name: '张三',
    title: '',
    signedAt: 2,
    digest: await contentDigest({ inspection, rooms, computers, answers, findings, photos }),
    // Each signature is drawn anew: its image's bytes (and so their hash) are its own.
    pngSha256: randomBytes(32).toString('hex'),
  };
}

export function review(inspectionId: string, patch: Partial<Review> = {}): Review {
  return { id: inspectionId, inspectionId, status: 'reviewed', comment: '', by: '赵六', at: 20, ...patch };
}

/**
 * A new inspection of the device's user with one room and a photo record naming `sha256`:
 * the bytes under that hash may then be read by whoever may read the inspection.
 */
export async function pushPhoto(device: Device, sha256: string): Promise<{ inspection: Inspection; photo: Photo }> {
  const i = inspection();
  const r = room(i.id);
  const p = photo(i.id, r.id, sha256);
  const result = await device.push(
    device.entries({ kind: 'inspection', record: i }, { kind: 'room', record: r }, { kind: 'photo', record: p }),
  );
  if (result.failed.length) throw new Error(`pushPhoto: ${JSON.stringify(result.failed)}`);
  return { inspection: i, photo: p };
}

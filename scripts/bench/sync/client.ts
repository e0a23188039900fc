// The phone's side of sync, as small as the bench needs: log in, PUT blobs, push outbox entries.
import {
  MAX_PUSH_ENTRIES,
  SYNC_FORMAT_VERSION,
  type LoginResponse,
  type Mutation,
  type PushResponse,
} from '../../../src/shared/sync-protocol';
import { createOrganisation, createUser } from '../../../src/server/services/accounts';
import { migrateToLatest } from '../../../src/server/storage/migrate';
import { openStorage } from '../../../src/server/storage/open';

const PASSWORD = 'bench password';

/** One logged-in device and its outbox counter. */
export interface Client {
  url: string;
  session: LoginResponse;
  seq: number;
}

export async function call(url: string, init: RequestInit & { token?: string }): Promise<Response> {
  const { token, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(rest.headers as Record<string, string>) },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res;
}

export async function login(url: string, name: string): Promise<Client> {
  const res = await call(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  return { url, session: (await res.json()) as LoginResponse, seq: 0 };
}

export async function putBlob(
  client: Client,
  blob: { sha256: string; type: string; bytes: Uint8Array<ArrayBuffer> },
): Promise<void> {
  await call(`${client.url}/api/blobs/${blob.sha256}`, {
    method: 'PUT',
    token: client.session.token,
    headers: { 'content-type': blob.type },
    body: blob.bytes,
  });
}

/** The push bodies for these mutations, numbered on from the client's outbox. */
export function pushBodies(client: Client, mutations: Mutation[]): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < mutations.length; i += MAX_PUSH_ENTRIES) {
    const entries = mutations.slice(i, i + MAX_PUSH_ENTRIES).map((mutation) => ({ seq: ++client.seq, mutation }));
    bodies.push(JSON.stringify({ format: SYNC_FORMAT_VERSION, deviceId: client.session.deviceId, entries }));
  }
  return bodies;
}

export async function push(client: Client, body: string): Promise<void> {
  const res = await call(`${client.url}/api/sync/push`, {
    method: 'POST',
    token: client.session.token,
    headers: { 'content-type': 'application/json' },
    body,
  });
  const result = (await res.json()) as PushResponse;
  // A refused entry would make the figure a measure of refusals: stop instead.
  if (result.failed.length) throw new Error(`push refused entries: ${JSON.stringify(result.failed.slice(0, 3))}`);
}

/** An organisation with one inspector of the same name for each name, before the server opens the database. */
export async function seed(where: { dataDir: string; databaseUrl?: string }, names: string[]): Promise<void> {
  const storage = openStorage(where);
  try {
    await migrateToLatest(storage.db);
    for (const name of names) {
      await createOrganisation(storage.db, name);
      await createUser(storage.db, { organisation: name, name, role: 'inspector', password: PASSWORD });
    }
  } finally {
    await storage.close();
  }
}

// The office server's API as the app calls it: one function per request, errors turned
// into SyncRequestError with the server's code. The server is the origin that served
// the app (the PWA and the API share it), so every path is relative.
import type {
  InspectionListQuery,
  InspectionListResponse,
  InspectionSnapshot,
  LoginRequest,
  LoginResponse,
  ParticipantsResponse,
  PeopleResponse,
  PullResponse,
  RecordHistoryResponse,
  RecordKind,
  RecoveryKeyResponse,
  PushEntry,
  PushResponse,
  SyncError,
  SyncErrorCode,
} from '../shared/sync-protocol';
import { SYNC_FORMAT_VERSION } from '../shared/sync-protocol';

/** The request did not reach the server, or its answer did not reach us. */
export class OfflineError extends Error {
  constructor(cause: unknown) {
    super('the server cannot be reached', { cause });
    this.name = 'OfflineError';
  }
}

/** The server answered with an error: `code` says which, `message` says it in words. */
export class SyncRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: SyncErrorCode | 'server-error',
    message: string,
    readonly detail: Partial<SyncError> & { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'SyncRequestError';
  }
}

export interface Api {
  login(request: LoginRequest): Promise<LoginResponse>;
  logout(): Promise<void>;
  /** This device's recovery secret for the app lock. */
  recoveryKey(): Promise<RecoveryKeyResponse>;
  push(deviceId: string, entries: PushEntry[]): Promise<PushResponse>;
  pull(cursor: string | null): Promise<PullResponse>;
  /** The organisation's people, to add a participant from. */
  people(): Promise<PeopleResponse>;
  participants(inspectionId: string): Promise<ParticipantsResponse>;
  addParticipant(inspectionId: string, userId: number): Promise<ParticipantsResponse>;
  removeParticipant(inspectionId: string, userId: number): Promise<ParticipantsResponse>;
  /** The office list: filtered, sorted and paged on the server. */
  listInspections(query: InspectionListQuery): Promise<InspectionListResponse>;
  /** A record's versions, newest first (the server keeps them all). */
  history(inspectionId: string, kind: RecordKind, recordId: string): Promise<RecordHistoryResponse>;
  /** One inspection's records as they are now; undefined when it is not one this user may read. */
  openInspection(inspectionId: string): Promise<InspectionSnapshot | undefined>;
  /** Does the server already have these bytes (another inspector may have sent the same photo)? */
  hasBlob(sha256: string): Promise<boolean>;
  putBlob(sha256: string, type: string, data: ArrayBuffer): Promise<void>;
  /** The bytes, or undefined while nobody has uploaded them yet. */
  getBlob(sha256: string): Promise<ArrayBuffer | undefined>;
}

type Fetch = typeof fetch;

export function createApi(token: string | undefined, base = '', fetchImpl: Fetch = (...a) => fetch(...a)): Api {
  const send = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, { ...init, headers, cache: 'no-store' });
    } catch (err) {
      throw new OfflineError(err);
    }
    if (response.ok || response.status === 404) return response;
    throw await errorOf(response);
  };
  const json = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status === 404) throw await errorOf(response);
    return readJson<T>(response);
  };
  const get = async <T>(path: string): Promise<T> => {
    const response = await send(path);
    if (response.status === 404) throw await errorOf(response);
    return readJson<T>(response);
  };
  return {
    login: (request) => json('/api/login', request),
    logout: async () => void (await send('/api/logout', { method: 'POST' })),
    push: (deviceId, entries) => json('/api/sync/push', { format: SYNC_FORMAT_VERSION, deviceId, entries }),
    pull: (cursor) => json('/api/sync/pull', { format: SYNC_FORMAT_VERSION, cursor }),
    recoveryKey: () => get('/api/session/recovery-key'),
    people: () => get('/api/people'),
    participants: (id) => get(`/api/inspections/${encodeURIComponent(id)}/participants`),
    addParticipant: (id, userId) =>
      json(`/api/inspections/${encodeURIComponent(id)}/participants`, { format: SYNC_FORMAT_VERSION, userId }),
    removeParticipant: async (id, userId) => {
      const response = await send(`/api/inspections/${encodeURIComponent(id)}/participants/${userId}`, {
        method: 'DELETE',
      });
      if (response.status === 404) throw await errorOf(response);
      return readJson<ParticipantsResponse>(response);
    },
    listInspections: (query) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query))
        if (value !== undefined && value !== '') params.set(key, String(value));
      return get(`/api/inspections?${params}`);
    },
    history: (id, kind, recordId) =>
      get(`/api/inspections/${encodeURIComponent(id)}/history?${new URLSearchParams({ kind, record: recordId })}`),
    openInspection: async (id) => {
      const response = await send(`/api/inspections/${encodeURIComponent(id)}`);
      if (response.status === 404) return undefined;
      return readJson<InspectionSnapshot>(response);
    },
    hasBlob: async (sha256) => (await send(`/api/blobs/${sha256}`, { method: 'HEAD' })).ok,
    putBlob: async (sha256, type, data) =>
      void (await send(`/api/blobs/${sha256}`, { method: 'PUT', headers: { 'Content-Type': type }, body: data })),
    getBlob: async (sha256) => {
      const response = await send(`/api/blobs/${sha256}`);
      if (response.status === 404) return undefined;
      try {
        return await response.arrayBuffer();
      } catch (err) {
        throw new OfflineError(err); // cut off while reading
      }
    },
  };
}

async function readJson<T>(response: Response): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch (err) {
    // A proxy's HTML page, or the connection dropped mid-body.
    throw new OfflineError(err);
  }
}

async function errorOf(response: Response): Promise<SyncRequestError> {
  const body = (await response.json().catch(() => undefined)) as Partial<SyncError> | undefined;
  const retryAfter = Number(response.headers.get('Retry-After'));
  const detail = { ...body, ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) };
  if (body?.error && typeof body.message === 'string')
    return new SyncRequestError(response.status, body.error, body.message, detail);
  return new SyncRequestError(response.status, 'server-error', `the server answered ${response.status}`);
}

// The sync wire format: every request and response between a phone and the office
// server. Both sides import this one file; a change that old clients cannot read
// raises SYNC_FORMAT_VERSION, and the server answers other versions with
// `unsupported-format` instead of guessing.
//
// Reading forward. The record schemas are strict: a pulled record with a kind or a field
// this app version does not know is unreadable here. The phone never skips it: it keeps
// the change raw (src/db/held-changes.ts), moves its cursor on, tells the user that some
// changes need the new app version, and applies it after the update, unless a later
// version of the same record has superseded it. So a new record kind or a new optional
// field is additive and needs no format bump; only a change that an older app would
// misread (a field that changes meaning or type, a removed field) raises the version.
// One limit: an older app that edits a record whose newer version it holds sends its own
// (older) copy, so a new field of a kind old apps write must not matter for their edits
// (or the server must keep it when an older client writes without it).
//
// Format 2 (this one) brought scope and restores: a pull returns the inspections the
// user works on (created, or added to as a participant), its cursor is an opaque string
// the server can check against its data set, and every kind keeps its history. A phone
// still on format 1 gets `unsupported-format` on every push and pull: it shows "update
// the app", keeps its outbox, and sends it after the update (the entries themselves
// did not change between the formats). Its numeric cursor is not sent again: the
// updated app pulls its scope from the start once.
import { z } from './zod';
import { Photo, Reopening, Signature } from './evidence.schema';
import { Answer, Computer, Finding, Inspection, ItemRecordId, Review, RoomVisit } from './inspection.schema';
import { refuseNul } from './no-nul';

export const SYNC_FORMAT_VERSION = 2;

/** Entries per push: enough for a whole visit's answers, small enough for the 1 MiB body limit. */
export const MAX_PUSH_ENTRIES = 500;
/** Changes per pull page; the response says when there are `more`. */
export const MAX_PULL_CHANGES = 1000;

const Id = z.string().min(1).max(64);
const Seq = z.number().int().positive();
const Format = z.literal(SYNC_FORMAT_VERSION);

export const Role = z.enum(['inspector', 'reviewer', 'admin']);
export type Role = z.infer<typeof Role>;

/** Where an inspection stands, as the office list shows it (the server keeps it with every push). */
export const InspectionStatus = z.enum(['open', 'signed', 'reviewed', 'returned']);
export type InspectionStatus = z.infer<typeof InspectionStatus>;

// ── Accounts ────────────────────────────────────────────────────────────────────

export const LoginRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(60),
    password: z.string().min(1).max(200),
    /** Shown to admins when they revoke a lost phone, e.g. "张三的手机". */
    deviceLabel: z.string().max(100).optional(),
    /**
     * The device id this phone had before (its token was revoked, or it signed in again):
     * the answer says how far that device's outbox was applied, so entries already applied
     * are not sent again under the new id.
     */
    previousDeviceId: z.string().min(1).max(64).optional(),
  })
  .superRefine(refuseNul);
export type LoginRequest = z.infer<typeof LoginRequest>;

export interface LoginResponse {
  format: typeof SYNC_FORMAT_VERSION;
  /** Keep it: it authorises this device for weeks offline (`Authorization: Bearer …`). */
  token: string;
  /** The device's id: the outbox `seq` counts per device, starting at 1. */
  deviceId: string;
  user: { id: number; name: string; role: Role };
  organisation: { id: number; name: string };
  /**
   * This device's recovery secret for the app lock (base64url, 32 bytes): the phone wraps
   * its data key with it and keeps only the wrapped copy.
   */
  recoveryKey: string;
  /**
   * `previousDeviceId` was this user's: its entries up to `lastSeq` are settled (those in
   * `failed` were refused, the others applied). It is revoked now, so nothing more of it
   * can apply after this answer. `recoveryKey` is that device's secret, when it had one:
   * a phone locked after too many wrong PINs opens its data with it.
   */
  previousDevice?: { id: string; lastSeq: number; failed: FailedEntry[]; recoveryKey?: string };
}

/** GET /api/session/recovery-key: the secret of the device asking (phones signed in before the app lock existed). */
export interface RecoveryKeyResponse {
  recoveryKey: string;
}

// ── Push: the device's outbox ──────────────────────────────────────────────────

/**
 * What a record of each kind is, whatever its text holds: the phone reads pulled changes
 * with this (a NUL an older server stored is no reason to hold a change for an update).
 */
export const MutationShape = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('inspection'), record: Inspection }),
  z.strictObject({ kind: z.literal('room'), record: RoomVisit }),
  z.strictObject({ kind: z.literal('computer'), record: Computer }),
  z.strictObject({ kind: z.literal('answer'), record: Answer }),
  z.strictObject({ kind: z.literal('finding'), record: Finding }),
  z.strictObject({ kind: z.literal('photo'), record: Photo }),
  z.strictObject({ kind: z.literal('signature'), record: Signature }),
  /** Only reviewers (and admins) write reviews; only inspectors (and admins) write the rest. */
  z.strictObject({ kind: z.literal('review'), record: Review }),
  /** Void the inspection's signatures so it can change again; the server decides which. */
  z.strictObject({
    kind: z.literal('reopen'),
    inspectionId: Id,
    reopening: Reopening.pick({ by: true, reason: true, at: true }),
  }),
]);

/** One change made on a device: the whole record as it is now (or a reopen). */
export const Mutation = MutationShape.superRefine(refuseNul);
export type Mutation = z.infer<typeof Mutation>;
export type RecordKind = Exclude<Mutation['kind'], 'reopen'>;
export type SyncedRecord = Extract<Mutation, { record: unknown }>['record'];

export const PushEntry = z.strictObject({ seq: Seq, mutation: Mutation });
export type PushEntry = z.infer<typeof PushEntry>;

/**
 * What the server parses. Each mutation is checked on its own later, so one entry the
 * server cannot read fails alone (recorded as failed) instead of blocking the outbox.
 */
export const PushRequest = z.strictObject({
  format: Format,
  deviceId: Id,
  entries: z
    .array(z.strictObject({ seq: Seq, mutation: z.looseObject({ kind: z.string() }) }))
    .max(MAX_PUSH_ENTRIES)
    .refine((entries) => entries.every((e, i) => i === 0 || e.seq === entries[i - 1]!.seq + 1), {
      message: 'entries must have consecutive seq numbers in ascending order',
    }),
});
export type PushRequest = Omit<z.infer<typeof PushRequest>, 'entries'> & { entries: PushEntry[] };

export const FailureCode = z.enum([
  'invalid-mutation',
  'unknown-inspection',
  'inspection-signed',
  'inspection-not-signed',
  'signature-immutable',
  'void-only-by-reopen',
  /** A signature over content the server does not hold (another device changed it first). */
  'digest-mismatch',
  /** A signature image that signed before (a voided signature's, or a copy of anyone's): it signs once. */
  'signature-reused',
  /** The user's role may not write this kind (an inspector's review, a reviewer's answer). */
  'forbidden-kind',
  /** The inspection is another inspector's: ask to be added as a participant. */
  'not-a-participant',
]);
export type FailureCode = z.infer<typeof FailureCode>;

export interface FailedEntry {
  seq: number;
  code: FailureCode;
  message: string;
}

export interface PushResponse {
  format: typeof SYNC_FORMAT_VERSION;
  /**
   * Every entry up to this seq is settled: applied, or failed and listed in `failed`.
   * Only now may the device drop them from its outbox.
   */
  appliedThroughSeq: number;
  /** Entries of this request's seq range that can never apply (also on a replay). */
  failed: FailedEntry[];
}

// ── Pull: the server's changes since a cursor ─────────────────────────────────

/** The longest cursor a server hands out (it names the data set, a place and a change). */
const MAX_CURSOR = 200;

export const PullRequest = z.strictObject({
  format: Format,
  /** The `cursor` of the last pull; null the first time (or to start over). Opaque to the phone. */
  cursor: z.string().min(1).max(MAX_CURSOR).nullable(),
  limit: z.number().int().positive().max(MAX_PULL_CHANGES).optional(),
});
export type PullRequest = z.infer<typeof PullRequest>;

/** A record as the server now holds it. Server order (`changeId`) decides what is newest. */
export type Change = {
  [K in RecordKind]: {
    changeId: number;
    kind: K;
    record: Extract<Mutation, { kind: K }>['record'];
    /** The device whose push made it current: another device's id means someone else changed it. */
    deviceId: string;
    /** The name of that device's user, to say who changed it. */
    by: string;
  };
}[RecordKind];

/**
 * The changes of the user's scope after the cursor: the inspections the user created or
 * was added to. A participant added later receives the inspection's earlier records at
 * the place of the addition, so one cursor still covers everything.
 */
export interface PullResponse {
  format: typeof SYNC_FORMAT_VERSION;
  changes: Change[];
  /** Send it with the next pull; null while the scope has had no change at all. */
  cursor: string | null;
  /** More changes are waiting: pull again at once. */
  more: boolean;
  /**
   * The cursor names a change this server does not hold: it was restored from a backup
   * (or the admin announced a restore). These changes start from the beginning of the
   * scope; the phone sends again what it had confirmed (the server may have lost it).
   */
  restarted: boolean;
  /** Inspections the user was removed from: no more changes come for them. */
  left: string[];
  /** Inspections a colleague added the user to since the cursor, and who: the phone says who shared it. */
  joined: { inspectionId: string; by: string }[];
}

// ── Scope: people, participants, the office list, one inspection on demand ─────

/** One of the organisation's people, to add as a participant. */
export interface Person {
  id: number;
  name: string;
  role: Role;
}

export interface PeopleResponse {
  format: typeof SYNC_FORMAT_VERSION;
  people: Person[];
}

export interface Participant {
  userId: number;
  name: string;
  /** The inspection's creator: stays a participant. */
  creator: boolean;
  /** Who added them (absent for the creator and for members from before participants). */
  addedBy?: string;
  addedAt?: number;
}

export interface ParticipantsResponse {
  format: typeof SYNC_FORMAT_VERSION;
  inspectionId: string;
  participants: Participant[];
}

export const AddParticipantRequest = z.strictObject({
  format: Format,
  userId: z.number().int().positive(),
});
export type AddParticipantRequest = z.infer<typeof AddParticipantRequest>;

const LIST_PAGE_SIZES = [10, 20, 50] as const;

/** The office list's query string, parsed (every field optional). */
export const InspectionListQuery = z.strictObject({
  unit: z.string().trim().max(100).optional(),
  /** Inspection dates from/to, YYYY-MM-DD, inclusive. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  status: InspectionStatus.optional(),
  /** A participant's user id. */
  inspector: z.coerce.number().int().positive().optional(),
  sort: z.enum(['date-desc', 'date-asc', 'updated-desc', 'unit-asc']).default('date-desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => (LIST_PAGE_SIZES as readonly number[]).includes(n), 'pageSize must be 10, 20 or 50')
    .default(20),
});
export type InspectionListQuery = z.input<typeof InspectionListQuery>;

export interface InspectionSummary {
  id: string;
  unit: string;
  date: string;
  status: InspectionStatus;
  /** Participants' names, the creator first. */
  participants: string[];
  updatedAt: number | null;
}

export interface InspectionListResponse {
  format: typeof SYNC_FORMAT_VERSION;
  items: InspectionSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** One version of a record: what it said, who made it current, when (server clock). */
export interface RecordVersion {
  changeId: number;
  record: SyncedRecord;
  by: string;
  at: number;
  /** The version the record has now. */
  current: boolean;
}

/** A record's versions, newest first (GET /api/inspections/:id/history?kind=…&record=…). */
export interface RecordHistoryResponse {
  format: typeof SYNC_FORMAT_VERSION;
  inspectionId: string;
  kind: RecordKind;
  recordId: string;
  versions: RecordVersion[];
}

export const RecordHistoryQuery = z.strictObject({
  kind: z.enum(['inspection', 'room', 'computer', 'answer', 'finding', 'photo', 'signature', 'review']),
  /** Answers and findings are named by their item's place, longer than other ids. */
  record: ItemRecordId,
});

/** One inspection's records as they are now (a reviewer opening it, or fetching it again). */
export interface InspectionSnapshot {
  format: typeof SYNC_FORMAT_VERSION;
  inspectionId: string;
  changes: Change[];
  participants: Participant[];
}

// ── Errors ─────────────────────────────────────────────────────────────────────

export type SyncErrorCode =
  | 'malformed'
  | 'unsupported-format'
  | 'body-too-large'
  | 'unauthorized'
  | 'device-revoked'
  | 'forbidden'
  | 'device-mismatch'
  | 'seq-gap'
  | 'invalid-credentials'
  | 'too-many-attempts'
  /** 503: too many logins at once (password hashing is bounded); retry after Retry-After. */
  | 'busy'
  | 'hash-mismatch'
  | 'unsupported-media-type'
  | 'not-found'
  /** 500: the server failed (logged there); nothing was changed by the request. */
  | 'internal';

/** Every error answer of the API (4xx, and 500 `internal`): a code to branch on and a message to log or show. */
export interface SyncError {
  error: SyncErrorCode;
  message: string;
  /** `unsupported-format`: the version this server speaks. */
  serverFormat?: number;
  /** `seq-gap`: the seq the server expects next. */
  expectedSeq?: number;
}

/** The `format` a body claims, before the rest is parsed (so old clients get a clear answer). */
export function formatOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'format' in body ? body.format : undefined;
}

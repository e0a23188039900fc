// The server's tables as Kysely sees them. Rows are storage, not wire messages:
// services/encoder.ts turns them into what src/shared/sync-protocol.ts sends.
// Times are milliseconds since the epoch; record bodies are JSON text.
import type { Generated } from 'kysely';
import type { InspectionStatus, RecordKind, Role } from '../../shared/sync-protocol';

export interface OrganisationRow {
  id: Generated<number>;
  name: string;
  created_at: number;
}

export interface UserRow {
  id: Generated<number>;
  org_id: number;
  /** Login name, unique on the server. */
  name: string;
  role: Role;
  password_hash: string;
  created_at: number;
}

/** A device session: one phone logged in as one user. Only the token's hash is kept. */
export interface DeviceRow {
  id: string;
  user_id: number;
  org_id: number;
  token_hash: string;
  label: string;
  created_at: number;
  last_seen_at: number;
  revoked_at: number | null;
  /** The app lock's recovery secret for this device (base64url), null until it was first asked for. */
  recovery_key: string | null;
}

/** How far a device's outbox is settled: the push transaction moves it with the entries. */
export interface DeviceOutboxRow {
  device_id: string;
  last_seq: number;
}

/** Which organisation an inspection belongs to (ids are unique on the server). */
export interface InspectionRow {
  id: string;
  org_id: number;
  unit: string;
  date: string;
  created_at: number;
  /** The user whose push created it (null for inspections from before scopes). */
  created_by: number | null;
  /** What the office list shows and filters on, kept by every push (services/inspection-status.ts). */
  status: InspectionStatus;
  /** When a push last changed any of its records (server clock, ms). */
  updated_at: number | null;
}

/**
 * Who works on an inspection: its creator (change_id 0) and the participants added later
 * (change_id: their place in server order). A removed member's row stays, with the
 * place of the removal, so their phones learn they left.
 */
export interface InspectionMemberRow {
  inspection_id: string;
  user_id: number;
  org_id: number;
  change_id: number;
  added_by: number | null;
  added_at: number;
  removed_change_id: number | null;
  removed_at: number | null;
}

/** Which inspection names which blob (a photo's or a signature's bytes). */
export interface BlobRefRow {
  inspection_id: string;
  sha256: string;
}

/** A user who uploaded a blob's bytes (so proved they hold them). */
export interface BlobUploadRow {
  sha256: string;
  user_id: number;
}

/** One row: the data set's epoch (a new one after an announced restore). */
export interface ServerStateRow {
  epoch: string;
}

/** The last change id handed out to an organisation: a push takes the next ones in a block. */
export interface ChangeCounterRow {
  org_id: number;
  value: number;
}

/**
 * The current version of every synced record. Its change id is its place in server order
 * (the pull cursor); the device and its outbox seq say which entry wrote it.
 */
export interface RecordRow {
  org_id: number;
  inspection_id: string;
  kind: RecordKind;
  id: string;
  body: string;
  change_id: number;
  device_id: string;
  seq: number;
  /** When the push that wrote this version was applied (server clock, ms). */
  at: number;
}

/** Versions of records that a later change (in server order) replaced: every change id ever pulled stays here or in `records`. */
export interface RecordHistoryRow {
  id: Generated<number>;
  org_id: number;
  inspection_id: string;
  kind: RecordKind;
  record_id: string;
  body: string;
  change_id: number;
  device_id: string;
  seq: number;
  at: number;
  superseded_by: number;
}

/** Outbox entries that can never apply, kept so a replayed push can report them again. */
export interface FailedEntryRow {
  device_id: string;
  seq: number;
  code: string;
  message: string;
  mutation: string;
  at: number;
}

/** Which organisation may read a blob; the bytes live in files under DATA_DIR/blobs. */
export interface BlobRow {
  org_id: number;
  sha256: string;
  bytes: number;
  mime: string;
  created_at: number;
}

/** Failed logins under one key (`name:…` or `address:…`) since `window_start`. */
export interface LoginThrottleRow {
  key: string;
  failures: number;
  window_start: number;
  last_failure_at: number;
}

/** One event an office must keep (services/security-log.ts); detail is JSON text. */
export interface SecurityEventRow {
  id: Generated<number>;
  at: number;
  kind: string;
  org_id: number | null;
  user_id: number | null;
  device_id: string | null;
  address: string | null;
  detail: string;
}

/** A signature image (PNG hash) that signed once, and the signature it belongs to. */
export interface SignatureImageRow {
  org_id: number;
  sha256: string;
  signature_id: string;
  inspection_id: string;
}

export interface Schema {
  organisations: OrganisationRow;
  users: UserRow;
  devices: DeviceRow;
  device_outbox: DeviceOutboxRow;
  inspections: InspectionRow;
  change_counter: ChangeCounterRow;
  records: RecordRow;
  record_history: RecordHistoryRow;
  failed_entries: FailedEntryRow;
  blobs: BlobRow;
  inspection_members: InspectionMemberRow;
  blob_refs: BlobRefRow;
  blob_uploads: BlobUploadRow;
  server_state: ServerStateRow;
  login_throttle: LoginThrottleRow;
  security_events: SecurityEventRow;
  signature_images: SignatureImageRow;
}

// What an office must keep of who did what to its accounts and signed records:
// 《网络安全法》 art. 21 asks network operators to keep such logs for at least six months.
// Rows are written in the transaction of what they record where there is one (a reopen
// is logged with the push that applied it), so a rolled-back change leaves no event.
import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema';

export const SECURITY_EVENT_KINDS = [
  'login',
  'login-failed',
  'login-throttled',
  'logout',
  'device-revoked',
  'password-reset',
  'throttle-cleared',
  'reopen',
  'user-created',
  'organisation-created',
  'restore-announced',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

export interface SecurityEvent {
  kind: SecurityEventKind;
  orgId?: number;
  userId?: number;
  deviceId?: string;
  address?: string;
  /** What else tells the story: never a password, nor a name typed at a failed login. */
  detail?: Record<string, unknown>;
}

/** How long events are kept unless SECURITY_LOG_DAYS says otherwise: six months and a bit. */
export const DEFAULT_RETENTION_DAYS = 180;

export async function logSecurityEvent(db: Kysely<Schema>, event: SecurityEvent, at = Date.now()): Promise<void> {
  await db
    .insertInto('security_events')
    .values({
      at,
      kind: event.kind,
      org_id: event.orgId ?? null,
      user_id: event.userId ?? null,
      device_id: event.deviceId ?? null,
      address: event.address ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}

export interface SecurityEventView {
  id: number;
  at: number;
  kind: string;
  user: string | null;
  deviceId: string | null;
  address: string | null;
  detail: Record<string, unknown>;
}

/**
 * The newest events first, `before` an id to page back. An organisation's admin sees its
 * events only; the server's operator (the CLI, no orgId) also those tied to no
 * organisation (failed logins under unknown names, an address held back).
 */
export async function readSecurityEvents(
  db: Kysely<Schema>,
  options: { orgId?: number; before?: number; limit?: number } = {},
): Promise<SecurityEventView[]> {
  let query = db
    .selectFrom('security_events')
    .leftJoin('users', 'users.id', 'security_events.user_id')
    .select([
      'security_events.id as id',
      'security_events.at as at',
      'security_events.kind as kind',
      'users.name as user',
      'security_events.device_id as deviceId',
      'security_events.address as address',
      'security_events.detail as detail',
    ])
    .orderBy('security_events.id', 'desc')
    .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
  if (options.orgId !== undefined) query = query.where('security_events.org_id', '=', options.orgId);
  if (options.before !== undefined) query = query.where('security_events.id', '<', options.before);
  const rows = await query.execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    at: Number(r.at),
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}

/** Drop events older than the retention; returns how many went. */
export async function pruneSecurityEvents(
  db: Kysely<Schema>,
  retentionDays: number,
  now = Date.now(),
): Promise<number> {
  const result = await db
    .deleteFrom('security_events')
    .where('at', '<', now - retentionDays * 24 * 60 * 60 * 1000)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

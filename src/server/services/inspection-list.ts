// The office list: the organisation's inspections (a reviewer's, an admin's) or the
// user's own (an inspector's), filtered, sorted and paged on the server, so nobody pulls
// the organisation to find one. And one inspection's records on demand.
import { sql, type Kysely } from 'kysely';
import {
  SYNC_FORMAT_VERSION,
  type InspectionListQuery,
  type InspectionListResponse,
  type InspectionSnapshot,
  type RecordHistoryResponse,
  type RecordKind,
} from '../../shared/sync-protocol';
import type { z } from '../../shared/zod';
import type { Schema } from '../storage/schema';
import type { Session } from './accounts';
import { decodeRecord, toChange } from './encoder';
import { mayRead, participantsOf, readsWholeOrganisation } from './scope';

type ParsedQuery = z.output<typeof InspectionListQuery>;

export async function listInspections(
  db: Kysely<Schema>,
  session: Session,
  q: ParsedQuery,
): Promise<InspectionListResponse> {
  let query = db.selectFrom('inspections as i').where('i.org_id', '=', session.orgId);
  const memberOf = (userId: number) =>
    db
      .selectFrom('inspection_members as m')
      .select('m.inspection_id')
      .where('m.user_id', '=', userId)
      .where('m.removed_at', 'is', null);
  if (!readsWholeOrganisation(session.role)) query = query.where('i.id', 'in', memberOf(session.userId));
  if (q.inspector !== undefined) query = query.where('i.id', 'in', memberOf(q.inspector));
  if (q.unit) query = query.where(sql<boolean>`lower(i.unit) like lower(${`%${escapeLike(q.unit)}%`}) escape '\\'`);
  if (q.from) query = query.where('i.date', '>=', q.from);
  if (q.to) query = query.where('i.date', '<=', q.to);
  if (q.status) query = query.where('i.status', '=', q.status);

  const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const sorted = {
    'date-desc': query.orderBy('i.date', 'desc'),
    'date-asc': query.orderBy('i.date', 'asc'),
    'updated-desc': query.orderBy('i.updated_at', 'desc'),
    'unit-asc': query.orderBy('i.unit', 'asc'),
  }[q.sort];
  const rows = await sorted
    .orderBy('i.id')
    .select(['i.id', 'i.unit', 'i.date', 'i.status', 'i.updated_at'])
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();

  const names = new Map<string, string[]>();
  if (rows.length) {
    const members = await db
      .selectFrom('inspection_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.inspection_id', 'u.name'])
      .where(
        'm.inspection_id',
        'in',
        rows.map((r) => r.id),
      )
      .where('m.removed_at', 'is', null)
      .orderBy('m.change_id')
      .orderBy('u.name')
      .execute();
    for (const m of members) names.set(m.inspection_id, [...(names.get(m.inspection_id) ?? []), m.name]);
  }
  return {
    format: SYNC_FORMAT_VERSION,
    items: rows.map((r) => ({
      id: r.id,
      unit: r.unit,
      date: r.date,
      status: r.status,
      participants: names.get(r.id) ?? [],
      updatedAt: r.updated_at === null ? null : Number(r.updated_at),
    })),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** `%` and `_` in a unit's name are letters, not patterns. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** One inspection's current records and participants, if the session may read it. */
export async function inspectionSnapshot(
  db: Kysely<Schema>,
  session: Session,
  inspectionId: string,
): Promise<InspectionSnapshot | undefined> {
  if (!(await mayRead(db, session, inspectionId))) return undefined;
  const rows = await db
    .selectFrom('records as r')
    .leftJoin('devices as d', 'd.id', 'r.device_id')
    .leftJoin('users as u', 'u.id', 'd.user_id')
    .select(['r.kind', 'r.body', 'r.change_id', 'r.device_id', 'u.name as by'])
    // The organisation was checked through the inspection (mayRead): filtering on
    // records.org_id here makes SQLite read every record of the organisation instead.
    .where('r.inspection_id', '=', inspectionId)
    .orderBy('r.change_id')
    .execute();
  return {
    format: SYNC_FORMAT_VERSION,
    inspectionId,
    changes: rows.map(toChange),
    participants: await participantsOf(db, inspectionId),
  };
}

/** Every version of one record, newest first, if the session may read its inspection. */
export async function recordHistory(
  db: Kysely<Schema>,
  session: Session,
  inspectionId: string,
  kind: RecordKind,
  recordId: string,
): Promise<RecordHistoryResponse | undefined> {
  if (!(await mayRead(db, session, inspectionId))) return undefined;
  const current = await db
    .selectFrom('records as r')
    .leftJoin('devices as d', 'd.id', 'r.device_id')
    .leftJoin('users as u', 'u.id', 'd.user_id')
    .select(['r.body', 'r.change_id', 'r.device_id', 'r.at', 'u.name as by'])
    .where('r.inspection_id', '=', inspectionId)
    .where('r.kind', '=', kind)
    .where('r.id', '=', recordId)
    .execute();
  const earlier = await db
    .selectFrom('record_history as h')
    .leftJoin('devices as d', 'd.id', 'h.device_id')
    .leftJoin('users as u', 'u.id', 'd.user_id')
    .select(['h.body', 'h.change_id', 'h.device_id', 'h.at', 'u.name as by'])
    .where('h.inspection_id', '=', inspectionId)
    .where('h.kind', '=', kind)
    .where('h.record_id', '=', recordId)
    .execute();
  const versions = [...current.map((r) => ({ ...r, current: true })), ...earlier.map((r) => ({ ...r, current: false }))]
    .map((r) => ({
      changeId: Number(r.change_id),
      record: decodeRecord(r.body),
      by: r.by ?? '',
      at: Number(r.at),
      current: r.current,
    }))
    .sort((a, b) => b.changeId - a.changeId);
  return { format: SYNC_FORMAT_VERSION, inspectionId, kind, recordId, versions };
}

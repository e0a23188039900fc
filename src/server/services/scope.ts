// Who works on an inspection, and so what their phones receive and may change: its
// creator and the participants added later (all of the same organisation). Reviewers
// and admins read any of the organisation's inspections on demand, but pull only their
// own scope like everyone else.
import type { Participant, Role } from '../../shared/sync-protocol';
import { lockServerOrder, takeChangeIds } from '../storage/order-lock';
import type { Schema } from '../storage/schema';
import type { Kysely } from 'kysely';
import type { Session } from './accounts';
import type { Trx } from './records';

/** A request about participants the server will not carry out; `status` is the HTTP answer. */
export class ScopeError extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** Reviewers judge every inspection of the organisation; admins stand in for anyone. */
export function readsWholeOrganisation(role: Role): boolean {
  return role === 'reviewer' || role === 'admin';
}

/** Whether the user is a current member (creator or participant) of the inspection. */
export async function isMember(trx: Trx, inspectionId: string, userId: number): Promise<boolean> {
  const row = await trx
    .selectFrom('inspection_members')
    .select('user_id')
    .where('inspection_id', '=', inspectionId)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the session may read the inspection (its records, its photos): false also when it is another organisation's. */
export async function mayRead(db: Trx, session: Session, inspectionId: string): Promise<boolean> {
  const inspection = await db
    .selectFrom('inspections')
    .select('org_id')
    .where('id', '=', inspectionId)
    .executeTakeFirst();
  if (!inspection || inspection.org_id !== session.orgId) return false;
  return readsWholeOrganisation(session.role) || isMember(db, inspectionId, session.userId);
}

/** The creator becomes the first member, from the start (change id 0: nothing to catch up on). */
export async function addCreator(trx: Trx, orgId: number, inspectionId: string, userId: number, at: number) {
  await trx
    .insertInto('inspection_members')
    .values({ inspection_id: inspectionId, user_id: userId, org_id: orgId, change_id: 0, added_by: null, added_at: at })
    .onConflict((oc) => oc.columns(['inspection_id', 'user_id']).doNothing())
    .execute();
  await trx.updateTable('inspections').set({ created_by: userId }).where('id', '=', inspectionId).execute();
}

export async function participantsOf(db: Trx, inspectionId: string): Promise<Participant[]> {
  const rows = await db
    .selectFrom('inspection_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('inspections as i', 'i.id', 'm.inspection_id')
    .leftJoin('users as a', 'a.id', 'm.added_by')
    .select(['m.user_id', 'u.name', 'm.added_at', 'a.name as added_by', 'i.created_by'])
    .where('m.inspection_id', '=', inspectionId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.change_id')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    userId: Number(r.user_id),
    name: r.name,
    creator: r.created_by !== null && Number(r.created_by) === Number(r.user_id),
    ...(r.added_by ? { addedBy: r.added_by, addedAt: Number(r.added_at) } : {}),
  }));
}

/**
 * Add a colleague of the organisation to the inspection. Any member may (and an admin);
 * the new member's phones then receive the whole inspection with their next pull.
 */
export async function addParticipant(db: Kysely<Schema>, session: Session, inspectionId: string, userId: number) {
  await db.transaction().execute(async (trx) => {
    await lockServerOrder(trx, session.orgId);
    await mayManage(trx, session, inspectionId);
    const user = await trx.selectFrom('users').select(['org_id', 'role']).where('id', '=', userId).executeTakeFirst();
    // Another organisation's user looks like no user.
    if (!user || user.org_id !== session.orgId) throw new ScopeError(404, `no user ${userId} in your organisation`);
    if (user.role === 'reviewer')
      throw new ScopeError(400, 'a reviewer reviews from the office list; only inspectors and admins take part');
    if (await isMember(trx, inspectionId, userId)) return; // already there: adding again changes nothing
    // Its place in server order: the inspection's earlier records reach the new member there.
    const changeId = await takeChangeIds(trx, session.orgId, 1);
    const row = {
      change_id: changeId,
      added_by: session.userId,
      added_at: Date.now(),
      removed_change_id: null,
      removed_at: null,
    };
    await trx
      .insertInto('inspection_members')
      .values({ inspection_id: inspectionId, user_id: userId, org_id: session.orgId, ...row })
      .onConflict((oc) => oc.columns(['inspection_id', 'user_id']).doUpdateSet(row))
      .execute();
  });
}

/** Remove a participant: their phones receive nothing more of it. The creator stays. */
export async function removeParticipant(db: Kysely<Schema>, session: Session, inspectionId: string, userId: number) {
  await db.transaction().execute(async (trx) => {
    await lockServerOrder(trx, session.orgId);
    const inspection = await mayManage(trx, session, inspectionId);
    const creator = inspection.created_by === null ? undefined : Number(inspection.created_by);
    if (creator === userId) throw new ScopeError(400, 'the creator of an inspection stays a participant');
    // Its creator (and an admin) decide who takes part; anyone may leave.
    if (session.role !== 'admin' && creator !== session.userId && userId !== session.userId)
      throw new ScopeError(403, 'only the inspection’s creator (or an admin) removes a participant');
    if (!(await isMember(trx, inspectionId, userId))) return;
    const changeId = await takeChangeIds(trx, session.orgId, 1);
    await trx
      .updateTable('inspection_members')
      .set({ removed_change_id: changeId, removed_at: Date.now() })
      .where('inspection_id', '=', inspectionId)
      .where('user_id', '=', userId)
      .execute();
  });
}

/** Members and admins manage participants; anyone else is told there is no such inspection. */
async function mayManage(trx: Trx, session: Session, inspectionId: string) {
  const inspection = await trx
    .selectFrom('inspections')
    .select(['org_id', 'created_by'])
    .where('id', '=', inspectionId)
    .executeTakeFirst();
  if (!inspection || inspection.org_id !== session.orgId) throw new ScopeError(404, `no inspection ${inspectionId}`);
  if (session.role !== 'admin' && !(await isMember(trx, inspectionId, session.userId)))
    throw new ScopeError(403, 'only the inspection’s participants (and admins) change who takes part');
  return inspection;
}

/**
 * Whether the session may read a blob's bytes: it is named by an inspection the user may
 * read. Knowing a colleague's photo's hash is not enough (hashes travel in records).
 */
export async function mayReadBlob(
  db: Trx,
  session: Pick<Session, 'orgId' | 'userId' | 'role'>,
  sha256: string,
): Promise<boolean> {
  let query = db
    .selectFrom('blob_refs as b')
    .innerJoin('inspections as i', 'i.id', 'b.inspection_id')
    .select('b.inspection_id')
    .where('b.sha256', '=', sha256)
    .where('i.org_id', '=', session.orgId);
  if (!readsWholeOrganisation(session.role))
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('inspection_members as m')
          .select('m.user_id')
          .whereRef('m.inspection_id', '=', 'b.inspection_id')
          .where('m.user_id', '=', session.userId)
          .where('m.removed_at', 'is', null),
      ),
    );
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

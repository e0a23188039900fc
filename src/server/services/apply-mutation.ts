// The rules for one outbox entry. Each check runs before anything is written, so an
// entry that fails leaves no trace but its failed_entries row (and, for a signature over
// content that differs, its image's hash: see putSignature).
import type { Signature } from '../../shared/evidence';
import type { Inspection, Review } from '../../shared/inspection';
import { contentDigest, digestContent } from '../../shared/digest';
import { Mutation, type FailureCode, type Role } from '../../shared/sync-protocol';
import { inspectionOf } from '../../shared/sync-records';
import { describeIssues } from '../../shared/issues';
import type { PushScope } from './push-scope';
import type { RecordKey, Writer } from './records';
import { addCreator } from './scope';
import { logSecurityEvent } from './security-log';

export interface Failure {
  code: FailureCode;
  message: string;
}

const fail = (code: FailureCode, message: string): Failure => ({ code, message });
const UNKNOWN = (id: string) =>
  fail('unknown-inspection', `inspection ${id} is not on the server for your organisation: push it first`);
const NOT_PARTICIPANT = (id: string) =>
  fail('not-a-participant', `inspection ${id} is a colleague's: ask one of its inspectors to add you as a participant`);
const SIGNED = (id: string) => fail('inspection-signed', `inspection ${id} is signed: reopen it before changing it`);

/** An entry's mutation, or why it is none. */
export function parseMutation(raw: unknown): Mutation | Failure {
  const parsed = Mutation.safeParse(raw);
  return parsed.success ? parsed.data : fail('invalid-mutation', describeIssues(parsed.error, '(mutation)'));
}

/** The record an entry writes (a reopen's are the server's to find). */
export function recordKey(mutation: Mutation): RecordKey | undefined {
  if (mutation.kind === 'reopen') return undefined;
  return { inspectionId: inspectionOf(mutation), kind: mutation.kind, id: mutation.record.id };
}

/** Apply one entry; a Failure when it can never apply (it is then recorded, and the push goes on). */
export async function applyMutation(
  scope: PushScope,
  writer: Writer,
  mutation: Mutation,
): Promise<Failure | undefined> {
  if (!mayWrite(writer.role, mutation.kind))
    return fail('forbidden-kind', `a ${writer.role} may not push ${mutation.kind} entries`);
  switch (mutation.kind) {
    case 'inspection':
      return putInspection(scope, writer, mutation.record);
    case 'signature':
      return putSignature(scope, writer, mutation.record);
    case 'review':
      return putReview(scope, writer, mutation.record);
    case 'reopen':
      return reopen(scope, writer, mutation);
    default: {
      // room, computer, answer, finding, photo: content of the record.
      const { record, kind } = mutation;
      const refused = await access(scope, record.inspectionId);
      if (refused) return refused;
      const key: RecordKey = { inspectionId: record.inspectionId, kind, id: record.id };
      // Sent again as the server holds it (a phone repairing after a restore): no change, so no refusal.
      if (await scope.isSigned(record.inspectionId))
        return (await scope.holds(key, record)) ? undefined : SIGNED(record.inspectionId);
      await scope.put(writer, key, record);
      return undefined;
    }
  }
}

/** Why the writer may not change the inspection: not the organisation's, or not one they take part in. */
async function access(scope: PushScope, inspectionId: string): Promise<Failure | undefined> {
  if (!(await scope.owns(inspectionId))) return UNKNOWN(inspectionId);
  if (!(await scope.takesPart(inspectionId))) return NOT_PARTICIPANT(inspectionId);
  return undefined;
}

/** Reviewers judge the record and inspectors make it; an admin may stand in for either. */
function mayWrite(role: Role, kind: Mutation['kind']): boolean {
  return role === 'admin' || (kind === 'review') === (role === 'reviewer');
}

async function putSignature(scope: PushScope, writer: Writer, signature: Signature): Promise<Failure | undefined> {
  const { inspectionId } = signature;
  const refused = await access(scope, inspectionId);
  if (refused) return refused;
  // Signatures are voided by a reopen on the server, so every device sees the same lock.
  if (signature.voidedAt !== undefined)
    return fail('void-only-by-reopen', 'a signature is voided by a reopen entry, not by editing it');
  const signatures = await scope.signaturesOf(inspectionId);
  if (signatures.some((s) => s.id === signature.id)) return undefined; // signed once: a replay, or the same signature again
  // A signature image is drawn once: the same bytes again are a copy (a voided signature
  // re-used after a reopen, or a colleague's lifted from another record), not a signer.
  const earlier = await scope.trx
    .selectFrom('signature_images')
    .select('signature_id')
    .where('org_id', '=', writer.orgId)
    .where('sha256', '=', signature.pngSha256)
    .executeTakeFirst();
  if (earlier?.signature_id === signature.id)
    return fail(
      'signature-reused',
      `signature ${signature.id} was refused before (over content that differs): the signer must sign again on the phone`,
    );
  if (earlier)
    return fail(
      'signature-reused',
      `signature ${signature.id} re-uses the image of an earlier signature: the signer must sign again on the phone`,
    );
  const content = await scope.contentOf(inspectionId);
  if (!content) return UNKNOWN(inspectionId);
  // The signer saw the phone's copy; if another device changed the record in between,
  // the server's copy is not what was signed, and keeping the signature would say it was.
  // What the server holds is not told: the phone learns it by syncing, as the signer must.
  const differs = (await contentDigest(content)) !== signature.digest;
  // The image is spent either way: drawn for the content the signer saw, it may not sign
  // what the server holds, nor anything else later.
  await scope.trx
    .insertInto('signature_images')
    .values({
      org_id: writer.orgId,
      sha256: signature.pngSha256,
      signature_id: signature.id,
      inspection_id: inspectionId,
    })
    .execute();
  if (differs)
    return fail(
      'digest-mismatch',
      `signature ${signature.id} covers content that differs from what the server holds for inspection ` +
        `${inspectionId}: it changed since the signer saw it; sync, check and sign again`,
    );
  const captured = { by: writer.name, deviceId: writer.deviceId, receivedAt: writer.at };
  await scope.put(writer, { inspectionId, kind: 'signature', id: signature.id }, { ...signature, captured });
  return undefined;
}

async function putReview(scope: PushScope, writer: Writer, review: Review): Promise<Failure | undefined> {
  // One verdict per inspection, under the inspection's id: a later review replaces it.
  if (review.id !== review.inspectionId)
    return fail('invalid-mutation', `a review's id must be its inspection's id (${review.inspectionId})`);
  const refused = await access(scope, review.inspectionId);
  if (refused) return refused;
  // No signature check: the office reviews signed records, and a review changes none of their content.
  // Who reviewed is the authenticated user, whatever name the client sent.
  await scope.put(
    writer,
    { inspectionId: review.inspectionId, kind: 'review', id: review.id },
    { ...review, by: writer.name },
  );
  return undefined;
}

async function putInspection(scope: PushScope, writer: Writer, inspection: Inspection): Promise<Failure | undefined> {
  const { trx } = scope;
  const owner = await trx.selectFrom('inspections').select('org_id').where('id', '=', inspection.id).executeTakeFirst();
  // Ids are random UUIDs: another organisation's id here is a forged entry; say no more than "unknown".
  if (owner && owner.org_id !== writer.orgId) return UNKNOWN(inspection.id);
  if (owner && !(await scope.takesPart(inspection.id))) return NOT_PARTICIPANT(inspection.id);
  const key: RecordKey = { inspectionId: inspection.id, kind: 'inspection', id: inspection.id };
  const stored = owner && (await scope.get<Inspection>(key));
  // Once signed, only what a signature does not cover (the resume position, timestamps) may change.
  if (stored && (await scope.isSigned(inspection.id)) && particulars(stored) !== particulars(inspection))
    return SIGNED(inspection.id);
  // Reopenings are the server's to record (see reopen), whatever the device's copy says.
  const next: Inspection = { ...inspection, reopenings: stored?.reopenings };
  if (!next.reopenings) delete next.reopenings;
  if (!owner)
    await trx
      .insertInto('inspections')
      .values({
        id: inspection.id,
        org_id: writer.orgId,
        unit: inspection.unit,
        date: inspection.date,
        created_at: writer.at,
        created_by: scope.userId,
        status: 'open',
        updated_at: writer.at,
      })
      .execute()
      .then(() => addCreator(trx, writer.orgId, inspection.id, scope.userId, writer.at));
  else
    await trx
      .updateTable('inspections')
      .set({ unit: inspection.unit, date: inspection.date })
      .where('id', '=', inspection.id)
      .where('org_id', '=', writer.orgId)
      .execute();
  scope.created(inspection.id);
  await scope.put(writer, key, next);
  return undefined;
}

/** Void every valid signature and record who reopened, when and why. */
async function reopen(
  scope: PushScope,
  writer: Writer,
  mutation: Extract<Mutation, { kind: 'reopen' }>,
): Promise<Failure | undefined> {
  const { inspectionId, reopening } = mutation;
  const refused = await access(scope, inspectionId);
  if (refused) return refused;
  const valid = (await scope.signaturesOf(inspectionId)).filter((s) => s.voidedAt === undefined);
  if (!valid.length) return fail('inspection-not-signed', `inspection ${inspectionId} has no valid signature to void`);
  const key: RecordKey = { inspectionId, kind: 'inspection', id: inspectionId };
  const inspection = await scope.get<Inspection>(key);
  if (!inspection) return UNKNOWN(inspectionId);
  for (const s of valid)
    await scope.put(writer, { inspectionId, kind: 'signature', id: s.id }, { ...s, voidedAt: reopening.at });
  await scope.put(writer, key, {
    ...inspection,
    // Who reopened is the authenticated user (the client's `by` is ignored); `at` is the
    // phone's clock (when it was decided, maybe offline), `receivedAt` the server's.
    reopenings: [
      ...(inspection.reopenings ?? []),
      { ...reopening, by: writer.name, receivedAt: writer.at, voidedSignatureIds: valid.map((s) => s.id) },
    ],
    updatedAt: reopening.at,
  });
  // In the push's transaction: logged exactly when the reopen applies.
  await logSecurityEvent(scope.trx, {
    kind: 'reopen',
    orgId: writer.orgId,
    userId: writer.userId,
    deviceId: writer.deviceId,
    detail: { inspectionId, reason: reopening.reason, voidedSignatureIds: valid.map((s) => s.id) },
  });
  return undefined;
}

/** What a signature covers of the inspection record itself. */
function particulars(inspection: Inspection): string {
  return digestContent({ inspection, rooms: [], computers: [], answers: [], findings: [], photos: [] });
}

// The outbox: every change made on this device, in order, until the server confirms
// it. Writes add their entry in the same transaction as the change itself, so a killed
// tab never keeps one without the other; entries leave only when a push response says
// they are settled (never because a request "probably" worked).
// Types only from the protocol: its zod schemas stay out of the app shell, which writes here.
import type { Change, FailedEntry, FailureCode, Mutation, PushEntry } from '../shared/sync-protocol';
import { inspectionOf } from '../shared/sync-records';
import { database, write } from './connection';
import type { OutboxEntry, XunjianDB } from './database';
import { readSetting, SETTINGS, writeSetting } from './settings';

/** Entries of these kinds fix the order around them: nothing is merged across them. */
const BARRIERS = new Set<Mutation['kind']>(['signature', 'reopen']);

/**
 * `kind:recordId`, or `reopen:inspectionId`: the outbox key of a change (a newer one
 * replaces the pending entry with its key), and the key of `authored` and `conflicts`.
 * Stored on the phones: never change it.
 */
export function outboxKey(
  change: Exclude<Mutation, { kind: 'reopen' }> | Change | { kind: 'reopen'; inspectionId: string },
): string {
  return change.kind === 'reopen' ? `reopen:${change.inspectionId}` : `${change.kind}:${change.record.id}`;
}

/** What the server gets of a record: the resume position is this device's own business. */
function forServer(mutation: Mutation): Mutation {
  if (mutation.kind !== 'inspection') return mutation;
  const record = { ...mutation.record };
  delete record.position;
  return { kind: 'inspection', record };
}

/**
 * Add a change to the outbox; call inside the transaction that makes the change (it
 * must include `db.outbox`). A record changed again before it was sent replaces its
 * pending entry — a tapped-and-corrected answer is sent once — unless a signature or
 * reopen was recorded since, whose meaning depends on what came before it.
 */
export async function recordChange(db: XunjianDB, change: Mutation): Promise<void> {
  const mutation = forServer(change);
  const key = outboxKey(mutation);
  const inspectionId = inspectionOf(mutation);
  // Remember what this device wrote: only a replaced version of ours is a conflict, and
  // ours are what a repair sends again after the server was restored (repair.ts).
  if (mutation.kind !== 'reopen') await db.authored.put({ key });
  if (!BARRIERS.has(mutation.kind)) {
    const pending = await db.outbox
      .where('key')
      .equals(key)
      .filter((e) => e.seq === undefined)
      .last();
    if (pending) {
      const barrier = await db.outbox
        .where('id')
        .above(pending.id)
        .filter((e) => e.inspectionId === inspectionId && BARRIERS.has(e.mutation.kind))
        .count();
      if (barrier === 0) {
        // put, not update: the entry is in hand, and update would read it again (a tap is hot).
        await db.outbox.put({ ...pending, mutation });
        return;
      }
    }
  }
  await db.outbox.add({ key, inspectionId, mutation } as OutboxEntry);
}

/**
 * The next entries to push, oldest first, with their seq numbers. Entries sent before
 * keep theirs (a retry sends exactly the same entries); the others are numbered now,
 * in order, and the numbers are stored before anything leaves the device.
 */
export function takeBatch(
  limit: number,
  maxBytes = MAX_BATCH_BYTES,
  screen?: (mutation: Mutation) => string | undefined,
): Promise<PushEntry[]> {
  return write((db) =>
    db.transaction('rw', [db.outbox, db.settings, db.refusals, db.signatures], async () => {
      const entries = withinBytes(await screened(db, limit, maxBytes, screen), maxBytes);
      let next = (await readSetting(SETTINGS.nextSeq, db)) ?? 1;
      for (const entry of entries) {
        if (entry.seq !== undefined) continue;
        entry.seq = next++;
        await db.outbox.update(entry.id, { seq: entry.seq });
      }
      await writeSetting(SETTINGS.nextSeq, next, db);
      return entries.map((e) => ({ seq: e.seq!, mutation: e.mutation }));
    }),
  );
}

/**
 * The server refuses request bodies over 1 MiB; long findings in Chinese (3 bytes a
 * character) can pass that well before 500 entries. A prefix is always a valid push.
 */
const MAX_BATCH_BYTES = 768 * 1024;
const encoder = new TextEncoder();

const sizeOf = (entry: OutboxEntry) => encoder.encode(JSON.stringify(entry.mutation)).length + 32;

/**
 * The oldest entries, without those that could never apply: an entry the shared schemas
 * refuse (`screen` says why), or one too large for any request. Such an entry is kept as a
 * refusal, with its content, before it gets a seq number, so it never blocks the ones
 * after it (sent alone, it would be refused, or answered 413, on every sync).
 */
async function screened(
  db: XunjianDB,
  limit: number,
  maxBytes: number,
  screen: ((mutation: Mutation) => string | undefined) | undefined,
): Promise<OutboxEntry[]> {
  for (;;) {
    const entries = await db.outbox.orderBy('id').limit(limit).toArray();
    const now = Date.now();
    let refused = 0;
    for (const entry of entries) {
      if (entry.seq !== undefined) continue; // sent before: the server decides it
      const size = sizeOf(entry);
      const problem =
        screen?.(entry.mutation) ??
        (size > maxBytes ? `the change is ${size} bytes, more than a push may carry (${maxBytes})` : undefined);
      if (!problem) continue;
      await keepRefused(db, entry, { seq: 0, code: 'invalid-mutation', message: problem }, now);
      await db.outbox.delete(entry.id);
      refused++;
    }
    if (!refused) return entries;
  }
}

function withinBytes(entries: OutboxEntry[], maxBytes: number): OutboxEntry[] {
  let total = 0;
  for (let i = 0; i < entries.length; i++) {
    total += sizeOf(entries[i]!);
    if (total > maxBytes) return entries.slice(0, Math.max(1, i));
  }
  return entries;
}

/**
 * The server settled every entry up to `appliedThroughSeq`: they leave the outbox, the
 * refused ones are kept as refusals with their content, and an inspection with nothing
 * left to send is marked synced.
 */
export function confirmPushed(
  appliedThroughSeq: number,
  failed: readonly FailedEntry[],
  deviceId?: string,
  /** Refusals of these codes go back into the outbox (unnumbered) instead: after a repair, "not yet". */
  retry: ReadonlySet<FailureCode> = new Set(),
): Promise<FailedEntry[]> {
  return write((db) =>
    db.transaction('rw', [db.outbox, db.refusals, db.syncState, db.signatures, db.settings], async () => {
      // What the server confirmed, kept: a server that later knows less was restored (repair.ts).
      if (deviceId) await writeSetting(SETTINGS.confirmed, { deviceId, seq: appliedThroughSeq }, db);
      const retried: FailedEntry[] = [];
      const settled = await db.outbox.where('seq').belowOrEqual(appliedThroughSeq).toArray();
      const bySeq = new Map(settled.map((e) => [e.seq, e]));
      const now = Date.now();
      for (const f of failed) {
        const entry = bySeq.get(f.seq);
        if (!entry) continue; // settled by an earlier response that did arrive
        if (retry.has(f.code)) retried.push(f);
        else await keepRefused(db, entry, f, now);
      }
      const again = new Set(retried.map((f) => bySeq.get(f.seq)!.id));
      await db.outbox.bulkDelete(settled.filter((e) => !again.has(e.id)).map((e) => e.id));
      // Queued again in its place (unnumbered), so a newer change of the same record made
      // meanwhile still comes after it; or dropped, when there is one (it supersedes it).
      for (const id of again) {
        const entry = await db.outbox.get(id);
        if (!entry) continue;
        const newer = await db.outbox
          .where('key')
          .equals(entry.key)
          .filter((e) => e.id > id)
          .count();
        if (newer) await db.outbox.delete(id);
        else {
          delete entry.seq;
          await db.outbox.put(entry);
        }
      }
      for (const inspectionId of new Set(settled.map((e) => e.inspectionId))) {
        const left = await db.outbox.where('inspectionId').equals(inspectionId).count();
        if (left === 0) await db.syncState.put({ inspectionId, syncedAt: now });
      }
      return retried;
    }),
  );
}

/**
 * Keep an entry the server refused as a refusal, with its content; call inside the
 * transaction that takes it out of the outbox (it must include `db.refusals` and
 * `db.signatures`).
 */
export async function keepRefused(db: XunjianDB, entry: OutboxEntry, failure: FailedEntry, at: number): Promise<void> {
  await db.refusals.add({
    inspectionId: entry.inspectionId,
    seq: failure.seq,
    code: failure.code,
    message: failure.message,
    mutation: entry.mutation,
    at,
  } as Parameters<typeof db.refusals.add>[0]);
  // A signature the server refused (it signed content the server does not hold) must not
  // keep this device locked over content nobody signed: void it here too.
  if (entry.mutation.kind === 'signature') await db.signatures.update(entry.mutation.record.id, { voidedAt: at });
}

/**
 * The server has applied nothing from `expectedSeq` on, yet our next entry has a higher
 * number (this device's data was restored from an older copy, or the server's was).
 * The pending entries are renumbered from there: none of them was applied.
 */
export function renumberFrom(expectedSeq: number): Promise<void> {
  return write((db) =>
    db.transaction('rw', db.outbox, db.settings, async () => {
      let next = expectedSeq;
      await db.outbox.orderBy('id').modify((e) => {
        e.seq = next++;
      });
      await writeSetting(SETTINGS.nextSeq, next, db);
    }),
  );
}

/** A new device id (signed in again): its seq numbers start at 1, and nothing pending is lost. */
export function restartSequence(): Promise<void> {
  return write((db) =>
    db.transaction('rw', db.outbox, db.settings, async () => {
      await db.outbox.toCollection().modify((e) => void delete e.seq);
      await writeSetting(SETTINGS.nextSeq, 1, db);
    }),
  );
}

/** The highest seq this device has given an entry (0 before the first push). */
export async function lastNumberedSeq(): Promise<number> {
  return ((await readSetting(SETTINGS.nextSeq)) ?? 1) - 1;
}

export function outboxSize(): Promise<number> {
  return database().outbox.count();
}

// Outbox → push → pull across 2–3 phones, as a property: whatever the phones do in
// whatever order — answer, add, rename and remove rooms, go offline for a while, sync,
// lose a push reply, restart the app — once every phone has synced twice in turn, every
// phone shows what the server holds, and no change the server confirmed is lost (it is
// the current version, or in record_history). One real server for the file, a fresh
// inspection (a1's, shared with a2 and a3) and fresh phones for each run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRoom, loadBundle, removeRoom, renameRoom, saveAnswer } from '../../src/db';
import { canonicalJson } from '../../src/shared/digest';
import type { VisitKind } from '../../src/shared/checklist';
import { createSmallInspection } from '../helpers/db';
import { loseReply, Phone, synced } from '../helpers/phone';
import type { RunningServer } from '../helpers/server';
import { seedDataDir, selectRows, startSyncServer } from '../helpers/sync-harness';

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startSyncServer(dataDir);
});
afterAll(() => server?.stop());

/** More runs, or a failing run's seed again: CONVERGENCE_RUNS=200 CONVERGENCE_SEED=… npx vitest run <this file>. */
const RUNS = Number(process.env.CONVERGENCE_RUNS ?? 15);
const SEED = process.env.CONVERGENCE_SEED === undefined ? undefined : Number(process.env.CONVERGENCE_SEED);

const USERS = ['a1', 'a2', 'a3'] as const;
// Few items and rooms: phones meet on the same records (conflicts, replaced pending entries).
const ITEMS = ['mr-a', 'of-a'] as const;
const NAMES = ['机房', '办公室', '档案室', '二楼机房'] as const;
const KINDS: VisitKind[] = ['machine-room', 'office', 'archive-room'];

type Op =
  | { op: 'answer'; phone: number; room: number; item: string; result: 'pass' | 'fail' | 'na'; note: string }
  | { op: 'add-room'; phone: number; kind: VisitKind; name: string }
  | { op: 'rename-room'; phone: number; room: number; name: string }
  | { op: 'remove-room'; phone: number; room: number }
  | { op: 'sync'; phone: number }
  | { op: 'lose-reply'; phone: number }
  | { op: 'offline'; phone: number }
  | { op: 'online'; phone: number }
  | { op: 'restart'; phone: number };

const phoneIndex = fc.nat({ max: 2 }); // taken modulo the run's number of phones
const roomIndex = fc.nat({ max: 1 }); // modulo the rooms the phone has (sorted by id)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('answer' as const),
      phone: phoneIndex,
      room: roomIndex,
      item: fc.constantFrom(...ITEMS),
      result: fc.constantFrom('pass' as const, 'fail' as const, 'na' as const),
      note: fc.constantFrom('', '无UPS', '弱口令'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('add-room' as const),
      phone: phoneIndex,
      kind: fc.constantFrom(...KINDS),
      name: fc.constantFrom(...NAMES),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('rename-room' as const),
      phone: phoneIndex,
      room: roomIndex,
      name: fc.constantFrom(...NAMES),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove-room' as const), phone: phoneIndex, room: roomIndex }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('sync' as const), phone: phoneIndex }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('lose-reply' as const), phone: phoneIndex }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('offline' as const), phone: phoneIndex }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('online' as const), phone: phoneIndex }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('restart' as const), phone: phoneIndex }) },
);

/** No network at all: every request fails before it leaves. */
const noNetwork: typeof fetch = () => Promise.reject(new TypeError('network unreachable'));

type Kind = 'room' | 'answer';
type State = Record<Kind, Record<string, string>>;

/** The server's current rooms and answers of the inspection, as canonical JSON by id. */
async function serverState(inspectionId: string): Promise<State> {
  const rows = await selectRows(
    dataDir,
    "select kind, id, body from records where inspection_id = ? and kind in ('room', 'answer')",
    inspectionId,
  );
  const state: State = { room: {}, answer: {} };
  for (const { kind, id, body } of rows) state[kind as Kind][id as string] = canonicalJson(JSON.parse(body as string));
  return state;
}

async function phoneState(phone: Phone, inspectionId: string): Promise<State> {
  phone.use();
  const bundle = (await loadBundle(inspectionId))!;
  const byId = (list: { id: string }[]) => Object.fromEntries(list.map((r) => [r.id, canonicalJson(r)]));
  return { room: byId(bundle.rooms), answer: byId([...bundle.answers.values()]) };
}

/** Every version of the inspection's rooms and answers the server ever held, current or replaced. */
async function serverVersions(inspectionId: string): Promise<Set<string>> {
  const rows = await selectRows(
    dataDir,
    `select kind, id, body from records where inspection_id = ? and kind in ('room', 'answer')
     union all
     select kind, record_id as id, body from record_history where inspection_id = ? and kind in ('room', 'answer')`,
    inspectionId,
    inspectionId,
  );
  return new Set(
    rows.map((r) => `${r.kind as string}:${r.id as string}:${canonicalJson(JSON.parse(r.body as string))}`),
  );
}

/** One run: fresh phones, a fresh shared inspection, the operations, then two rounds of syncs. */
async function runScenario(count: number, ops: readonly Op[], log: string[]): Promise<void> {
  const phones: Phone[] = [];
  for (let n = 0; n < count; n++) {
    const phone = new Phone(server.url);
    await phone.login(USERS[n]!);
    phones.push(phone);
  }
  const [first] = phones as [Phone];
  first.use();
  const inspection = await createSmallInspection([{ kind: 'policies', name: '制度' }]);
  await synced(first);
  if (count > 1) await first.share(inspection.id, ...USERS.slice(1, count));
  for (const phone of phones.slice(1)) await synced(phone);

  const offline = phones.map(() => false);
  // "kind:id:body" of every entry a push settled: the server confirmed it (refusals are checked apart).
  const acknowledged = new Map<string, string>();

  const sync = async (n: number, fetchImpl?: typeof fetch) => {
    const phone = phones[n]!;
    const pending = await phone.db.outbox.toArray();
    const outcome = await phone.sync(fetchImpl);
    const left = new Set(await phone.db.outbox.toCollection().primaryKeys());
    for (const entry of pending) {
      const { mutation } = entry;
      if (left.has(entry.id) || (mutation.kind !== 'room' && mutation.kind !== 'answer')) continue;
      acknowledged.set(`${mutation.kind}:${mutation.record.id}:${canonicalJson(mutation.record)}`, USERS[n]!);
    }
    return outcome;
  };

  const roomOf = async (phone: Phone, index: number) => {
    const rooms = (await phone.db.rooms.where('inspectionId').equals(inspection.id).sortBy('id')).filter(
      (r) => r.removedAt === undefined,
    );
    return rooms.length ? rooms[index % rooms.length] : undefined;
  };

  for (const op of ops) {
    const n = op.phone % count;
    const phone = phones[n]!;
    log.push(`${USERS[n]} ${JSON.stringify(op)}`);
    phone.use();
    switch (op.op) {
      case 'answer': {
        const room = await roomOf(phone, op.room);
        if (room)
          await saveAnswer(
            inspection.id,
            { roomId: room.id, itemId: op.item },
            { result: op.result, note: op.note || undefined },
          );
        break;
      }
      case 'add-room':
        await addRoom(inspection.id, op.kind, op.name);
        break;
      case 'rename-room': {
        const room = await roomOf(phone, op.room);
        if (room) await renameRoom(room, op.name);
        break;
      }
      case 'remove-room': {
        const room = await roomOf(phone, op.room);
        if (room) await removeRoom(room);
        break;
      }
      case 'sync': {
        const outcome = await sync(n, offline[n] ? noNetwork : undefined);
        if (offline[n]) expect(outcome).toMatchObject({ ok: false, failure: 'offline' });
        else expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true, refused: 0 });
        break;
      }
      case 'lose-reply': {
        const outcome = await sync(n, offline[n] ? noNetwork : loseReply);
        // With nothing to push, nothing is lost: the pull goes through.
        if (!outcome.ok) expect(outcome.failure).toBe('offline');
        break;
      }
      case 'offline':
        offline[n] = true;
        break;
      case 'online':
        offline[n] = false;
        break;
      case 'restart':
        phones[n] = phone.restart();
        break;
    }
  }

  // Back online, everyone syncs twice in turn.
  for (let round = 0; round < 2; round++)
    for (let n = 0; n < count; n++) {
      const outcome = await sync(n);
      expect(outcome, `${USERS[n]} final sync ${round + 1}: ${JSON.stringify(outcome)}`).toMatchObject({ ok: true });
    }

  const held = await serverState(inspection.id);
  for (let n = 0; n < count; n++) {
    const phone = phones[n]!;
    expect(await phone.db.outbox.count(), `${USERS[n]} outbox`).toBe(0);
    expect(await phone.db.refusals.toArray(), `${USERS[n]} refusals`).toEqual([]);
    const shown = await phoneState(phone, inspection.id);
    expect(shown.room, `${USERS[n]} rooms`).toEqual(held.room);
    expect(shown.answer, `${USERS[n]} answers`).toEqual(held.answer);
  }
  const versions = await serverVersions(inspection.id);
  const lost = [...acknowledged].filter(([version]) => !versions.has(version));
  expect(lost, 'confirmed versions missing from records and record_history').toEqual([]);
  stats.versions += acknowledged.size;
  for (const phone of phones) stats.conflicts += await phone.db.conflicts.count();
  for (const phone of phones) phone.db.close();
}

/** What the runs exercised, to see that they do. */
const stats = { versions: 0, conflicts: 0 };

describe('phones converge on the server’s records', () => {
  it('after any mix of edits, syncs, lost replies, offline spells and restarts', { timeout: 240_000 }, async () => {
    const started = Date.now();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }),
        fc.array(opArb, { minLength: 1, maxLength: 25, size: 'max' }),
        async (count, ops) => {
          runs++;
          const log: string[] = [];
          try {
            await runScenario(count, ops, log);
          } catch (err) {
            throw new Error(`${(err as Error).message}\n  after:\n    ${log.join('\n    ')}`, { cause: err });
          }
        },
      ),
      {
        numRuns: RUNS,
        ...(SEED === undefined ? {} : { seed: SEED }),
        // Shrinking a failure re-runs scenarios: give up shrinking, not the failure, at the limit.
        interruptAfterTimeLimit: 200_000,
        markInterruptAsFailure: false,
      },
    );
    console.log(
      `convergence: ${runs} runs (${stats.versions} confirmed versions, ${stats.conflicts} conflicts) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });
});

// The throughput half of bench part 7: answer mutations applied per second over HTTP, next
// to better-sqlite3 inserting the same JSON bodies on its own.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { canonicalJson } from '../../../src/shared/digest';
import { RESULTS, type Answer, type Inspection, type RoomVisit } from '../../../src/shared/inspection';
import { MAX_PUSH_ENTRIES } from '../../../src/shared/sync-protocol';
import { login, push, pushBodies, type Client } from './client';

/** One run's rates, mutations per second. */
export interface LoadRun {
  /** One device, its pushes one after another (each waits for the reply before the next). */
  sequential: number;
  /** The same pushes again: every entry applied before, so the HTTP, auth and envelope floor. */
  replay: number;
  /** Several devices pushing at once, each its own inspection: the server's throughput, judged. */
  concurrent: number;
  /** better-sqlite3 alone. */
  raw: number;
}

/** `count` answers in one room, as varied as a visit's: results, values, notes. */
function manyAnswers(inspectionId: string, roomId: string, count: number, from = 0): Answer[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      id: `${roomId}/-/item-${n}`,
      inspectionId,
      roomId,
      itemId: `item-${n}`,
      result: RESULTS[n % RESULTS.length],
      ...(n % 5 === 0 ? { note: `第 ${n} 项：现场核对，设备标签与台账一致` } : {}),
      ...(n % 7 === 0 ? { value: n } : {}),
      updatedAt: 1_790_000_000_000 + n,
    };
  });
}

/** A device with an inspection and room of its own pushed, and its answers' push bodies. */
async function loadedDevice(
  url: string,
  user: string,
  sample: { inspection: Inspection; room: RoomVisit },
  count: number,
) {
  const client = await login(url, user);
  const inspection = { ...sample.inspection, id: `bench-${randomUUID()}` };
  const room = { ...sample.room, inspectionId: inspection.id };
  for (const body of pushBodies(client, [
    { kind: 'inspection', record: inspection },
    { kind: 'room', record: room },
  ]))
    await push(client, body);
  const answers = manyAnswers(inspection.id, room.id, count);
  return {
    client,
    answers,
    bodies: pushBodies(
      client,
      answers.map((record) => ({ kind: 'answer', record })),
    ),
  };
}

/** Mutations per second while `work` pushes them. */
async function rate(mutations: number, work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return mutations / ((performance.now() - started) / 1000);
}

const pushAll = async (client: Client, bodies: string[]) => {
  for (const body of bodies) await push(client, body);
};

export async function measureLoad(
  url: string,
  user: string,
  sample: { inspection: Inspection; room: RoomVisit },
  work: string,
  mutations: number,
  devices: number,
): Promise<LoadRun> {
  const one = await loadedDevice(url, user, sample, mutations);
  const sequential = await rate(mutations, () => pushAll(one.client, one.bodies));
  const replay = await rate(mutations, () => pushAll(one.client, one.bodies));
  const many = await Promise.all(
    Array.from({ length: devices }, () => loadedDevice(url, user, sample, Math.ceil(mutations / devices))),
  );
  const concurrent = await rate(
    many.reduce((n, d) => n + d.answers.length, 0),
    () => Promise.all(many.map((d) => pushAll(d.client, d.bodies))),
  );
  return { sequential, replay, concurrent, raw: rawInsertRate(work, one.answers) };
}

/** better-sqlite3 alone: the same bodies into a table shaped like `records`, with the server's pragmas. */
function rawInsertRate(dir: string, answers: Answer[]): number {
  const file = join(dir, `raw-${randomUUID()}.sqlite`);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.exec(`create table records (org_id integer not null, inspection_id text not null, kind text not null,
      id text not null, body text not null, change_id integer not null, device_id text not null,
      primary key (inspection_id, kind, id));
      create index records_pull on records (org_id, change_id);`);
    const rows = answers.map((a) => ({ id: a.id, inspection: a.inspectionId, body: canonicalJson(a) }));
    const insert = db.prepare(
      `insert into records (org_id, inspection_id, kind, id, body, change_id, device_id)
       values (1, @inspection, 'answer', @id, @body, @change, 'device')`,
    );
    const batch = db.transaction((slice: typeof rows, from: number) =>
      slice.forEach((row, i) => insert.run({ ...row, change: from + i })),
    );
    const started = performance.now();
    for (let i = 0; i < rows.length; i += MAX_PUSH_ENTRIES) batch(rows.slice(i, i + MAX_PUSH_ENTRIES), i);
    return rows.length / ((performance.now() - started) / 1000);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

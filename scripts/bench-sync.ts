// Part 7 of `npm run bench`: the sync server over loopback, with a fresh data folder.
//  - the large fixture pushed as a phone pushes it: its blobs PUT one by one, then its
//    records as outbox entries (≤ 500 a push), each run a fresh organisation, device
//    and inspection id, so every blob is really uploaded;
//  - how many answer mutations a second the server applies, end to end over HTTP, next
//    to better-sqlite3 inserting the same JSON bodies into a table like `records`, on the
//    same machine in the same run, with the server's pragmas.
// `tsx scripts/bench-sync.ts` runs this part alone.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { canonicalJson, contentDigest } from '../src/shared/digest';
import type { Signature } from '../src/shared/evidence';
import { RESULTS, type Answer } from '../src/shared/inspection';
import { InspectionFile } from '../src/shared/inspection-file.schema';
import {
  MAX_PUSH_ENTRIES,
  SYNC_FORMAT_VERSION,
  type LoginResponse,
  type Mutation,
  type PushResponse,
} from '../src/shared/sync-protocol';
import { createOrganisation, createUser } from '../src/server/services/accounts';
import { migrateToLatest } from '../src/server/storage/migrate';
import { openSqlite } from '../src/server/storage/sqlite';
import { startServer } from '../test/e2e/server';
import { median, ms, out, progress, table, verdict, type Row } from './bench-util';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURE = resolve(ROOT, 'test/fixtures/record-large.json');
const PASSWORD = 'bench password';
const TARGET = { perSecond: 2000, ofRaw: 0.25 };

export interface SyncOptions {
  /** Pushes of the large fixture (median reported). */
  pushRuns?: number;
  /** Answer mutations per throughput run. */
  mutations?: number;
  /** Throughput runs, each with a raw SQLite run beside it (medians reported). */
  loadRuns?: number;
}

export interface SyncReport {
  fixture: { blobs: number; blobBytes: number; entries: number; pushes: number };
  /** Each run of the large fixture: blob uploads, then pushes, ms. */
  runs: { uploadMs: number; pushMs: number }[];
  mutations: number;
  /** Mutations per second, each run: over HTTP, and better-sqlite3 alone. */
  http: number[];
  raw: number[];
}

interface Client {
  url: string;
  session: LoginResponse;
  seq: number;
}

async function call(url: string, init: RequestInit & { token?: string }): Promise<Response> {
  const { token, ...rest } = init;
  const res = await fetch(url, {
    ...rest,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(rest.headers as Record<string, string>) },
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res;
}

async function login(url: string, name: string): Promise<Client> {
  const res = await call(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  return { url, session: (await res.json()) as LoginResponse, seq: 0 };
}

/** The push bodies for these mutations, numbered on from the client's outbox. */
function pushBodies(client: Client, mutations: Mutation[]): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < mutations.length; i += MAX_PUSH_ENTRIES) {
    const entries = mutations.slice(i, i + MAX_PUSH_ENTRIES).map((mutation) => ({ seq: ++client.seq, mutation }));
    bodies.push(JSON.stringify({ format: SYNC_FORMAT_VERSION, deviceId: client.session.deviceId, entries }));
  }
  return bodies;
}

async function push(client: Client, body: string): Promise<void> {
  const res = await call(`${client.url}/api/sync/push`, {
    method: 'POST',
    token: client.session.token,
    headers: { 'content-type': 'application/json' },
    body,
  });
  const result = (await res.json()) as PushResponse;
  // A refused entry would make the figure a measure of refusals: stop instead.
  if (result.failed.length) throw new Error(`push refused entries: ${JSON.stringify(result.failed.slice(0, 3))}`);
}

/** The fixture's records under a new inspection id, its signatures over that content. */
async function fixtureMutations(file: InspectionFile, inspectionId: string): Promise<Mutation[]> {
  const moved = <T extends { inspectionId: string }>(r: T): T => ({ ...r, inspectionId });
  const content = {
    inspection: { ...file.inspection, id: inspectionId },
    rooms: file.rooms.map(moved),
    computers: file.computers.map(moved),
    answers: file.answers.map(moved),
    findings: file.findings.map(moved),
    photos: file.photos.map(moved),
  };
  const digest = await contentDigest(content);
  const signatures: Signature[] = file.signatures.map((s) => ({ ...moved(s), digest }));
  return [
    { kind: 'inspection', record: content.inspection },
    ...content.rooms.map((record) => ({ kind: 'room' as const, record })),
    ...content.computers.map((record) => ({ kind: 'computer' as const, record })),
    ...content.answers.map((record) => ({ kind: 'answer' as const, record })),
    ...content.findings.map((record) => ({ kind: 'finding' as const, record })),
    ...content.photos.map((record) => ({ kind: 'photo' as const, record })),
    ...signatures.map((record) => ({ kind: 'signature' as const, record })),
  ];
}

/** `count` answers in one room, as varied as a visit's: results, values, notes. */
function manyAnswers(inspectionId: string, roomId: string, count: number): Answer[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `${roomId}/-/item-${n}`,
    inspectionId,
    roomId,
    itemId: `item-${n}`,
    result: RESULTS[n % RESULTS.length],
    ...(n % 5 === 0 ? { note: `第 ${n} 项：现场核对，设备标签与台账一致` } : {}),
    ...(n % 7 === 0 ? { value: n } : {}),
    updatedAt: 1_790_000_000_000 + n,
  }));
}

/** better-sqlite3 alone: the same bodies into a table shaped like `records`, with the server's pragmas. */
function rawInsertRate(dir: string, answers: Answer[]): number {
  const file = join(dir, `raw-${randomUUID()}.sqlite`);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
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

/** Organisations and users, written before the server opens the file. */
async function seed(dataDir: string, names: string[]): Promise<void> {
  const storage = openSqlite(dataDir);
  try {
    await migrateToLatest(storage.db);
    for (const name of names) {
      await createOrganisation(storage.db, name);
      await createUser(storage.db, { organisation: name, name, role: 'inspector', password: PASSWORD });
    }
  } finally {
    await storage.close();
  }
}

export async function runSync({
  pushRuns = 5,
  mutations = 20_000,
  loadRuns = 3,
}: SyncOptions = {}): Promise<SyncReport> {
  const file = InspectionFile.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  const blobs = Object.entries(file.blobs).map(([sha256, b]) => ({
    sha256,
    type: b.type,
    bytes: Buffer.from(b.base64, 'base64'),
  }));
  const work = mkdtempSync(join(tmpdir(), 'xunjian-bench-sync-'));
  const dataDir = join(work, 'data');
  // One organisation per fixture run: each run uploads every blob, as a first phone would.
  const pushers = Array.from({ length: pushRuns }, (_, n) => `bench-push-${n + 1}`);
  await seed(dataDir, [...pushers, 'bench-load']);
  const server = await startServer({ DATA_DIR: dataDir, STATIC_DIR: join(work, 'no-static') });
  try {
    const runs: SyncReport['runs'] = [];
    let entries = 0;
    let pushes = 0;
    for (const name of pushers) {
      const client = await login(server.url, name);
      const records = await fixtureMutations(file, `bench-${randomUUID()}`);
      const bodies = pushBodies(client, records);
      [entries, pushes] = [records.length, bodies.length];
      const started = performance.now();
      for (const blob of blobs)
        await call(`${server.url}/api/blobs/${blob.sha256}`, {
          method: 'PUT',
          token: client.session.token,
          headers: { 'content-type': blob.type },
          body: blob.bytes,
        });
      const uploaded = performance.now();
      for (const body of bodies) await push(client, body);
      runs.push({ uploadMs: uploaded - started, pushMs: performance.now() - uploaded });
      progress(`sync: large fixture run ${runs.length}: ${(performance.now() - started).toFixed(0)} ms`);
    }

    const http: number[] = [];
    const raw: number[] = [];
    for (let run = 0; run < loadRuns; run++) {
      const client = await login(server.url, 'bench-load');
      const inspection = { ...file.inspection, id: `bench-${randomUUID()}` };
      const room = { ...file.rooms[0]!, inspectionId: inspection.id };
      for (const body of pushBodies(client, [
        { kind: 'inspection', record: inspection },
        { kind: 'room', record: room },
      ]))
        await push(client, body);
      const answers = manyAnswers(inspection.id, room.id, mutations);
      const bodies = pushBodies(
        client,
        answers.map((record) => ({ kind: 'answer', record })),
      );
      const started = performance.now();
      for (const body of bodies) await push(client, body);
      http.push(mutations / ((performance.now() - started) / 1000));
      raw.push(rawInsertRate(work, answers));
      progress(
        `sync: throughput run ${run + 1}: ${http.at(-1)!.toFixed(0)}/s over HTTP, ${raw.at(-1)!.toFixed(0)}/s raw`,
      );
    }
    return {
      fixture: { blobs: blobs.length, blobBytes: blobs.reduce((n, b) => n + b.bytes.length, 0), entries, pushes },
      runs,
      mutations,
      http,
      raw,
    };
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const rate = (v: number) => `${Math.round(v).toLocaleString('en-US')}/s`;

export function printSync(report: SyncReport): Row[] {
  const { fixture: f, runs } = report;
  out(`## 7. Sync server over loopback (src/server, fresh DATA_DIR) — ${relative(ROOT, FIXTURE)}`);
  out();
  out(
    `Large fixture: ${f.blobs} blobs (${(f.blobBytes / 1024 / 1024).toFixed(2)} MiB) PUT one by one, then ` +
      `${f.entries} outbox entries in ${f.pushes} push(es); each run a fresh organisation, device and inspection id.`,
  );
  out(
    table(
      ['run', 'blobs', 'records', 'total'],
      runs.map((r, i) => [`${i + 1}`, ms(r.uploadMs, 0), ms(r.pushMs, 0), ms(r.uploadMs + r.pushMs, 0)]),
    ),
  );
  const total = median(runs.map((r) => r.uploadMs + r.pushMs));
  out(
    `median: blobs ${ms(median(runs.map((r) => r.uploadMs)), 0)}, records ${ms(median(runs.map((r) => r.pushMs)), 0)}, total ${ms(total, 0)}`,
  );
  out();
  const http = median(report.http);
  const raw = median(report.raw);
  const ratio = http / raw;
  out(
    `Throughput: ${report.mutations.toLocaleString('en-US')} answer mutations in pushes of ${MAX_PUSH_ENTRIES}, end to end over HTTP; ` +
      `raw: better-sqlite3 prepared INSERT of the same bodies, one transaction per ${MAX_PUSH_ENTRIES} rows, WAL, synchronous=NORMAL.`,
  );
  out(
    table(
      ['run', 'over HTTP', 'raw SQLite', 'ratio'],
      report.http.map((h, i) => [
        `${i + 1}`,
        rate(h),
        rate(report.raw[i]!),
        `${((h / report.raw[i]!) * 100).toFixed(1)} %`,
      ]),
    ),
  );
  out(`median: ${rate(http)} over HTTP, ${rate(raw)} raw, ${(ratio * 100).toFixed(1)} % of raw`);
  out();
  return [
    { figure: 'Sync: large fixture push (median)', value: ms(total, 0), target: '—', verdict: 'INFO' },
    {
      figure: 'Sync: mutations applied per second',
      value: rate(http),
      target: `≥ ${rate(TARGET.perSecond)}`,
      verdict: verdict(http >= TARGET.perSecond),
    },
    {
      figure: 'Sync: throughput / raw SQLite insert',
      value: `${(ratio * 100).toFixed(1)} % (raw ${rate(raw)})`,
      target: `≥ ${TARGET.ofRaw * 100} %`,
      verdict: verdict(ratio >= TARGET.ofRaw),
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await runSync();
  out();
  const rows = printSync(report);
  out(
    table(
      ['figure', 'measured', 'target', ''],
      rows.map((r) => [r.figure, r.value, r.target, r.verdict]),
    ),
  );
}

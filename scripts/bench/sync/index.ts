// Part 7 of `npm run bench`: the sync server over loopback, with a fresh data folder.
//  - the large fixture pushed as a phone pushes it: its blobs PUT one by one, then its
//    records as outbox entries (≤ 500 a push), each run a fresh organisation, device
//    and inspection id, so every blob is really uploaded;
//  - how many answer mutations a second the server applies, end to end over HTTP, next
//    to better-sqlite3 inserting the same JSON bodies into a table like `records`, on the
//    same machine in the same run, with the server's pragmas (load.ts).
// `tsx scripts/bench/sync/index.ts` runs this part alone.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentDigest } from '../../../src/shared/digest';
import type { Signature } from '../../../src/shared/evidence';
import { InspectionFile } from '../../../src/shared/inspection-file.schema';
import { MAX_PUSH_ENTRIES, type Mutation } from '../../../src/shared/sync-protocol';
import { startServer } from '../../../test/helpers/server';
import { createDatabase } from '../../../test/helpers/test-backend';
import { login, push, pushBodies, putBlob, seed } from './client';
import { measureLoad, type LoadRun } from './load';
import { median, ms, out, progress, rowsTable, table, verdict, type Row } from '../util';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = resolve(ROOT, 'test/fixtures/record-large.json');
const TARGET = { perSecond: 2000, ofRaw: 0.25 };
/** Devices pushing at once: the server throughput the target is judged on. */
const DEVICES = 4;

export interface SyncOptions {
  /** Pushes of the large fixture (median reported). */
  pushRuns?: number;
  /** Answer mutations per throughput run. */
  mutations?: number;
  /** Throughput runs, each with a raw SQLite run beside it (medians reported). */
  loadRuns?: number;
  /** Run the server on this PostgreSQL database instead of SQLite. */
  databaseUrl?: string;
}

export interface SyncReport {
  fixture: { blobs: number; blobBytes: number; entries: number; pushes: number };
  /** Each run of the large fixture: blob uploads, then pushes, ms. */
  runs: { uploadMs: number; pushMs: number }[];
  mutations: number;
  load: LoadRun[];
}

/** The same part on SQLite, and on PostgreSQL when a server is configured (else why not). */
export interface SyncReports extends SyncReport {
  postgres: SyncReport | { skipped: string };
}

/** The server on PostgreSQL too: XUNJIAN_BENCH_DATABASE_URL, else the tests' XUNJIAN_TEST_DATABASE_URL. */
const POSTGRES_URL = process.env.XUNJIAN_BENCH_DATABASE_URL || process.env.XUNJIAN_TEST_DATABASE_URL;

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
  // The digest covers the inspection id: the fixture's own digest is for its own id.
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

export async function runSync({
  pushRuns = 5,
  mutations = 20_000,
  loadRuns = 3,
  databaseUrl,
}: SyncOptions = {}): Promise<SyncReport> {
  const file = InspectionFile.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  const blobs = Object.entries(file.blobs).map(([sha256, b]) => ({
    sha256,
    type: b.type,
    bytes: new Uint8Array(Buffer.from(b.base64, 'base64')),
  }));
  const work = mkdtempSync(join(tmpdir(), 'xunjian-bench-sync-'));
  const dataDir = join(work, 'data');
  // One organisation per fixture run: each run uploads every blob, as a first phone would.
  const pushers = Array.from({ length: pushRuns }, (_, n) => `bench-push-${n + 1}`);
  await seed({ dataDir, databaseUrl }, [...pushers, 'bench-load']);
  const server = await startServer({
    DATA_DIR: dataDir,
    STATIC_DIR: join(work, 'no-static'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
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
      for (const blob of blobs) await putBlob(client, blob);
      const uploaded = performance.now();
      for (const body of bodies) await push(client, body);
      runs.push({ uploadMs: uploaded - started, pushMs: performance.now() - uploaded });
      progress(`sync: large fixture run ${runs.length}: ${(performance.now() - started).toFixed(0)} ms`);
    }

    const load: LoadRun[] = [];
    const sample = { inspection: file.inspection, room: file.rooms[0]! };
    for (let run = 1; run <= loadRuns; run++) {
      load.push(await measureLoad(server.url, 'bench-load', sample, work, mutations, DEVICES));
      const { sequential, raw } = load.at(-1)!;
      progress(`sync: throughput run ${run}: ${rate(sequential)} over HTTP, ${rate(raw)} raw`);
    }
    const blobBytes = blobs.reduce((n, b) => n + b.bytes.length, 0);
    return { fixture: { blobs: blobs.length, blobBytes, entries, pushes }, runs, mutations, load };
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** SQLite, then the same on a fresh PostgreSQL database when one is configured. */
export async function runSyncBackends(options: Omit<SyncOptions, 'databaseUrl'> = {}): Promise<SyncReports> {
  const sqlite = await runSync(options);
  if (!POSTGRES_URL)
    return { ...sqlite, postgres: { skipped: 'no PostgreSQL server: set XUNJIAN_BENCH_DATABASE_URL (see README)' } };
  const databaseUrl = await createDatabase(POSTGRES_URL, 'xunjian_bench');
  progress(`sync: the same on PostgreSQL (${new URL(databaseUrl).pathname.slice(1)})`);
  return { ...sqlite, postgres: await runSync({ ...options, databaseUrl }) };
}

const rate = (v: number) => `${Math.round(v).toLocaleString('en-US')}/s`;
const percent = (v: number) => `${(v * 100).toFixed(1)} %`;

export function printSync(report: SyncReport): Row[] {
  const { fixture: f, runs, load } = report;
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
  const upload = median(runs.map((r) => r.uploadMs));
  out(`median: blobs ${ms(upload, 0)}, records ${ms(median(runs.map((r) => r.pushMs)), 0)}, total ${ms(total, 0)}`);
  out();

  const of = (pick: (r: LoadRun) => number) => median(load.map(pick));
  const [sequential, raw, concurrent, replay] = [
    of((r) => r.sequential),
    of((r) => r.raw),
    of((r) => r.concurrent),
    of((r) => r.replay),
  ];
  out(
    `Throughput: ${report.mutations.toLocaleString('en-US')} answer mutations in pushes of ${MAX_PUSH_ENTRIES} ` +
      `from one device, one push after another, end to end over HTTP (fetch); raw: better-sqlite3 prepared INSERT ` +
      `of the same bodies into a table like records, one transaction per ${MAX_PUSH_ENTRIES} rows, WAL, synchronous=FULL (as the server).`,
  );
  out(
    `Beside it: the same pushes again (all applied before: HTTP, auth and parsing only), and ${DEVICES} devices pushing at once.`,
  );
  out(
    `The server's throughput is judged with ${DEVICES} devices pushing at once, as an office server is used: one ` +
      `device's pushes each wait for the reply before the next, so alone it measures its round trips as much as ` +
      `the server (shown too).`,
  );
  out(
    table(
      ['run', 'one device', 'raw SQLite', 'ratio', 'replayed', `${DEVICES} devices`],
      load.map((r, i) => [
        `${i + 1}`,
        rate(r.sequential),
        rate(r.raw),
        percent(r.sequential / r.raw),
        rate(r.replay),
        rate(r.concurrent),
      ]),
    ),
  );
  const perPush = (v: number) => ms((MAX_PUSH_ENTRIES / v) * 1000, 1);
  out(
    `median: ${rate(sequential)} (${perPush(sequential)} a push of ${MAX_PUSH_ENTRIES}), raw ${rate(raw)}, ` +
      `${percent(sequential / raw)} of raw; replayed ${perPush(replay)} a push; ${DEVICES} devices ${rate(concurrent)} ` +
      `(${percent(concurrent / raw)} of raw)`,
  );
  out();
  return [
    { figure: 'Sync: large fixture push (median)', value: ms(total, 0), target: '—', verdict: 'INFO' },
    {
      figure: `Sync: mutations applied per second (${DEVICES} devices)`,
      value: rate(concurrent),
      target: `≥ ${rate(TARGET.perSecond)}`,
      verdict: verdict(concurrent >= TARGET.perSecond),
    },
    {
      figure: 'Sync: server throughput / raw SQLite insert',
      value: `${percent(concurrent / raw)} (raw ${rate(raw)})`,
      target: `≥ ${TARGET.ofRaw * 100} %`,
      verdict: verdict(concurrent / raw >= TARGET.ofRaw),
    },
    {
      figure: 'Sync: one device alone / raw',
      value: `${percent(sequential / raw)} (${rate(sequential)})`,
      target: '—',
      verdict: 'INFO',
    },
  ];
}

/** Both backends side by side: the same server, the same pushes. */
export function printBackends(reports: SyncReports): void {
  out('### 7b. The same server on SQLite and on PostgreSQL');
  out();
  const { postgres } = reports;
  if ('skipped' in postgres) {
    out(`PostgreSQL: SKIPPED (${postgres.skipped}).`);
    out();
    return;
  }
  const line = (name: string, r: SyncReport) => {
    const of = (pick: (l: LoadRun) => number) => median(r.load.map(pick));
    return [
      name,
      ms(median(r.runs.map((run) => run.uploadMs + run.pushMs)), 0),
      rate(of((l) => l.sequential)),
      ms((MAX_PUSH_ENTRIES / of((l) => l.replay)) * 1000, 1),
      rate(of((l) => l.concurrent)),
    ];
  };
  out(
    table(
      ['backend', 'large fixture', 'one device', 'replayed push', `${DEVICES} devices`],
      [line('SQLite (DATA_DIR)', reports), line('PostgreSQL (DATABASE_URL)', postgres)],
    ),
  );
  out('Medians; PostgreSQL on the same machine over 127.0.0.1, its own settings as configured.');
  out();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const reports = await runSyncBackends();
  out();
  const rows = printSync(reports);
  printBackends(reports);
  out(rowsTable(rows));
}

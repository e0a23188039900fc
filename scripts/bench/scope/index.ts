// Part 9 of `npm run bench`: scope (issue 13), on its own server (SQLite) and data folder.
//  - an organisation of 1,000 inspections (150,000 records, 30,000 photo records), made
//    through the server as phones make it (seed.ts); one inspector owns 10 of them;
//  - that inspector's first sync on a new phone: every pull page, then the bytes of the
//    photos it names, one after another as src/sync/engine.ts fetches them: what it
//    downloads next to what the whole organisation is, and how long it takes;
//  - a reviewer's first page of the office list, and opening one inspection (its records,
//    then its first 6 photos' bytes at once, as the page asks for them).
// `tsx scripts/bench/scope/index.ts` runs this part alone.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import {
  MAX_PULL_CHANGES,
  SYNC_FORMAT_VERSION,
  type Change,
  type InspectionListResponse,
  type InspectionSnapshot,
  type PullResponse,
} from '../../../src/shared/sync-protocol';
import { toChange } from '../../../src/server/services/encoder';
import { encodeCursor } from '../../../src/server/services/pull-cursor';
import { SQLITE_FILE } from '../../../src/server/storage/sqlite';
import { startServer } from '../../../test/helpers/server';
import { median, ms, out, progress, rowsTable, table, verdict, type Row } from '../util';
import { httpClient, login, type Http, type Reply } from './http';
import {
  INSPECTOR,
  ORGANISATION,
  PASSWORD,
  RECORDS_PER_INSPECTION,
  REVIEWER,
  SHAPE,
  seedAccounts,
  seedOrganisation,
  type Organisation,
} from './seed';

export const TARGET = { ofOrganisation: 0.02, listMs: 300, openMs: 500, photosMs: 1000 };
/** First syncs, each on a new device (median reported). */
const SYNC_RUNS = 3;
const LIST_RUNS = 20;
/** Inspections opened, each once (median reported). */
const OPEN_RUNS = 7;
const FIRST_PHOTOS = 6;
const LIST_PATH = '/api/inspections?page=1&pageSize=20&sort=date-desc';

/** What the whole organisation would be to download: every current record as pull pages, and every photo record's bytes. */
export interface OrganisationTotals {
  records: number;
  photoRecords: number;
  pages: number;
  /** Pull pages' JSON, and gzipped as the server sends it. */
  pullJson: number;
  pullWire: number;
  /** The bytes every photo record names, as if each had its own file (as real photos do). */
  photoBytes: number;
  /** Distinct blob files on the server (the colleagues' photos share 30). */
  storedBlobs: number;
}

export interface FirstSync {
  pages: number;
  changes: number;
  /** Inspections the changes belong to, and how many of them are not the inspector's. */
  inspections: number;
  outOfScope: number;
  pullJson: number;
  pullWire: number;
  photos: number;
  photoBytes: number;
  pullMs: number;
  photosMs: number;
}

export interface OpenRun {
  records: number;
  recordsMs: number;
  recordsWire: number;
  photosMs: number;
  photoBytes: number;
}

export interface ScopeReport {
  seed: Omit<Organisation, 'inspections' | 'inspectorIds'> & { ms: Organisation['ms'] & { total: number } };
  organisation: OrganisationTotals;
  syncs: FirstSync[];
  list: { ms: number[]; total: number; items: number; wire: number };
  open: OpenRun[];
  /** The section's own wall time, ms: seeding, measuring, and all. */
  totalMs: number;
}

/** Every current record of the organisation, as the pull pages a member of every inspection would get. */
function organisationTotals(dataDir: string): OrganisationTotals {
  const db = new Database(join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    const org = db.prepare('select id from organisations where name = ?').get(ORGANISATION) as { id: number };
    const epoch = (db.prepare('select epoch from server_state').get() as { epoch: string }).epoch;
    const rows = db
      .prepare(
        `select r.kind, r.body, r.change_id, r.device_id, r.seq, r.at, u.name as by
         from records r left join devices d on d.id = r.device_id left join users u on u.id = d.user_id
         where r.org_id = ? order by r.change_id`,
      )
      .iterate(org.id) as IterableIterator<{
      kind: string;
      body: string;
      change_id: number;
      device_id: string;
      seq: number;
      at: number;
      by: string | null;
    }>;
    let [records, pages, pullJson, pullWire] = [0, 0, 0, 0];
    let page: Change[] = [];
    let last: { change_id: number; device_id: string; seq: number; at: number } | undefined;
    const flush = (more: boolean) => {
      if (!page.length) return;
      const cursor = encodeCursor({
        epoch,
        place: last!.change_id,
        changeId: last!.change_id,
        seq: last!.seq,
        at: last!.at,
        deviceId: last!.device_id,
      });
      const response: PullResponse = {
        format: SYNC_FORMAT_VERSION,
        changes: page,
        cursor,
        more,
        restarted: false,
        left: [],
        joined: [],
      };
      const text = Buffer.from(JSON.stringify(response));
      pullJson += text.length;
      pullWire += gzipSync(text).length;
      pages++;
      page = [];
    };
    for (const row of rows) {
      if (page.length === MAX_PULL_CHANGES) flush(true);
      page.push(toChange({ ...row, kind: row.kind as Change['kind'] }));
      last = row;
      records++;
    }
    flush(false);
    const photos = db
      .prepare(
        `select count(*) as n, coalesce(sum(b.bytes), 0) as bytes from records r
         join blobs b on b.org_id = r.org_id and b.sha256 = json_extract(r.body, '$.sha256')
         where r.org_id = ? and r.kind = 'photo'`,
      )
      .get(org.id) as { n: number; bytes: number };
    const photoRecords = (
      db.prepare(`select count(*) as n from records where org_id = ? and kind = 'photo'`).get(org.id) as { n: number }
    ).n;
    if (photos.n !== photoRecords)
      throw new Error(`${photoRecords - photos.n} photo records name bytes the server lacks`);
    const storedBlobs = (db.prepare('select count(*) as n from blobs where org_id = ?').get(org.id) as { n: number }).n;
    return { records, photoRecords, pages, pullJson, pullWire, photoBytes: photos.bytes, storedBlobs };
  } finally {
    db.close();
  }
}

/** A new phone's first sync: every pull page, then its photos' bytes one by one (src/sync/engine.ts). */
async function firstSync(http: Http, inspectorIds: Set<string>): Promise<FirstSync> {
  const { token } = await login(http, INSPECTOR, PASSWORD);
  const changes: Change[] = [];
  let [pages, pullJson, pullWire] = [0, 0, 0];
  let cursor: string | null = null;
  const started = performance.now();
  for (;;) {
    const { reply, value }: { reply: Reply; value: PullResponse } = await http.json<PullResponse>('/api/sync/pull', {
      token,
      json: { format: SYNC_FORMAT_VERSION, cursor },
    });
    pages++;
    pullJson += reply.body.length;
    pullWire += reply.wire;
    changes.push(...value.changes);
    cursor = value.cursor;
    if (!value.more) break;
  }
  const pulled = performance.now();
  const shas = [...new Set(changes.flatMap((c) => (c.kind === 'photo' ? [c.record.sha256] : [])))];
  let photoBytes = 0;
  for (const sha256 of shas) {
    const reply = await http.send(`/api/blobs/${sha256}`, { token });
    if (reply.status !== 200) throw new Error(`GET blob ${sha256}: ${reply.status} ${reply.body}`);
    // The phone checks what it stores.
    if (createHash('sha256').update(reply.body).digest('hex') !== sha256)
      throw new Error(`blob ${sha256}: other bytes`);
    photoBytes += reply.wire;
  }
  const done = performance.now();
  const inspections = new Set(changes.map((c) => (c.kind === 'inspection' ? c.record.id : c.record.inspectionId)));
  return {
    pages,
    changes: changes.length,
    inspections: inspections.size,
    outOfScope: [...inspections].filter((id) => !inspectorIds.has(id)).length,
    pullJson,
    pullWire,
    photos: shas.length,
    photoBytes,
    pullMs: pulled - started,
    photosMs: done - pulled,
  };
}

/** A reviewer opens an inspection: its records, then the first photos' bytes, fetched at once as the page shows them. */
async function openInspection(http: Http, token: string, id: string): Promise<OpenRun> {
  const started = performance.now();
  const { reply, value } = await http.json<InspectionSnapshot>(`/api/inspections/${encodeURIComponent(id)}`, { token });
  const opened = performance.now();
  const first = value.changes
    .flatMap((c) => (c.kind === 'photo' && c.record.removedAt === undefined ? [c.record.sha256] : []))
    .slice(0, FIRST_PHOTOS);
  const photos = await Promise.all(first.map((sha256) => http.send(`/api/blobs/${sha256}`, { token })));
  const bad = photos.find((p) => p.status !== 200);
  if (bad) throw new Error(`GET blob: ${bad.status} ${bad.body}`);
  return {
    records: value.changes.length,
    recordsMs: opened - started,
    recordsWire: reply.wire,
    photosMs: performance.now() - opened,
    photoBytes: photos.reduce((n, p) => n + p.wire, 0),
  };
}

/** `onServer`: how to stop the server, should the caller give up before this returns. */
export async function runScope(options: { onServer?: (stop: () => Promise<void>) => void } = {}): Promise<ScopeReport> {
  const began = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'xunjian-bench-scope-'));
  const dataDir = join(work, 'data');
  let started = performance.now();
  await seedAccounts(dataDir);
  const accountsMs = performance.now() - started;
  const server = await startServer({ DATA_DIR: dataDir, STATIC_DIR: join(work, 'no-static') });
  options.onServer?.(server.stop);
  const http = httpClient(server.url);
  try {
    progress(`scope: seeding ${SHAPE.inspections} inspections through ${server.url} (real pushes)`);
    started = performance.now();
    const org = await seedOrganisation(http, (line) => progress(`scope: ${line}`));
    const seedMs = performance.now() - started + accountsMs;
    progress(`scope: seeded in ${(seedMs / 1000).toFixed(1)} s; counting the whole organisation`);
    const organisation = organisationTotals(dataDir);
    const expected = SHAPE.inspections * RECORDS_PER_INSPECTION;
    if (organisation.records !== expected)
      throw new Error(`the organisation has ${organisation.records} records, not ${expected}`);

    const syncs: FirstSync[] = [];
    for (let run = 1; run <= SYNC_RUNS; run++) {
      syncs.push(await firstSync(http, org.inspectorIds));
      const s = syncs.at(-1)!;
      progress(`scope: first sync ${run}: ${s.changes} changes, ${s.photos} photos, ${ms(s.pullMs + s.photosMs, 0)}`);
    }

    const reviewer = await login(http, REVIEWER, PASSWORD);
    const listMs: number[] = [];
    let listed: InspectionListResponse | undefined;
    let listWire = 0;
    for (let run = 0; run < LIST_RUNS; run++) {
      const { reply, value } = await http.json<InspectionListResponse>(LIST_PATH, { token: reviewer.token });
      listMs.push(reply.ms);
      listed = value;
      listWire = reply.wire;
    }
    progress(`scope: office list page 1: median ${ms(median(listMs))}`);

    // The first inspections of that page, each opened once (a reviewer works down the list).
    const open: OpenRun[] = [];
    for (const item of listed!.items.slice(0, OPEN_RUNS))
      open.push(await openInspection(http, reviewer.token, item.id));
    progress(`scope: opening an inspection: median ${ms(median(open.map((o) => o.recordsMs)))} records`);

    return {
      seed: {
        ...org,
        ms: { ...org.ms, accounts: org.ms.accounts + accountsMs, total: seedMs },
      },
      organisation,
      syncs,
      list: { ms: listMs, total: listed!.total, items: listed!.items.length, wire: listWire },
      open,
      totalMs: performance.now() - began,
    };
  } finally {
    http.close();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const MiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const KiB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const n = (v: number) => v.toLocaleString('en-US');
const percent = (v: number) => `${(v * 100).toFixed(2)} %`;
const s = (millis: number) => `${(millis / 1000).toFixed(1)} s`;

export function printScope(report: ScopeReport): Row[] {
  const { seed, organisation: o, syncs, list, open } = report;
  out(`## 9. Scope: an inspector's first sync, the office list, opening one inspection (SQLite, loopback)`);
  out();
  out(
    `Organisation: ${n(SHAPE.inspections)} inspections × ${RECORDS_PER_INSPECTION} records (1 inspection, ` +
      `${SHAPE.rooms} rooms, ${SHAPE.computers} PCs, ${SHAPE.answers} answers, ${SHAPE.findings} findings, ` +
      `${SHAPE.photos} photos; shaped like test/fixtures/record-large.json, ids UUIDs) = ${n(o.records)} records, ` +
      `${n(o.photoRecords)} photo records. The inspector owns ${SHAPE.inspectorOwns}; ${SHAPE.colleagues} colleagues ` +
      `the rest; ${n(seed.participantsAdded)} of theirs have a second colleague as participant.`,
  );
  out(
    `Seeded through the server as phones do it: ${n(seed.pushes)} pushes of ≤ 500 outbox entries ` +
      `(${n(seed.entries)} in all, ${SHAPE.lanes} devices at a time, interleaved so the inspector's records are spread ` +
      `through server order), ${n(seed.poolBlobs + seed.inspectorBlobs)} blob PUTs, ${n(seed.participantsAdded)} ` +
      `participants added (POST /api/inspections/:id/participants); only the accounts written directly. ` +
      `Seeding took ${s(seed.ms.total)} (accounts ${s(seed.ms.accounts)}, blobs ${s(seed.ms.blobs)}, ` +
      `pushes ${s(seed.ms.pushes)} = ${n(Math.round(seed.entries / (seed.ms.pushes / 1000)))} entries/s, ` +
      `participants ${s(seed.ms.participants)}).`,
  );
  out(
    `Photo bytes: real JPEGs (the fixture's, 1200×900, ~70 KB; the app stores up to 1600 px, ~250 KB, which ` +
      `scales both sides of the ratio alike). The colleagues' ${n(o.photoRecords - seed.inspectorBlobs)} photo ` +
      `records share the fixture's ${seed.poolBlobs} files; the inspector's ${seed.inspectorBlobs} are distinct files ` +
      `(the same pictures with a JPEG comment segment each), ${n(o.storedBlobs)} files in DATA_DIR/blobs in all. ` +
      `The organisation's photo bytes count every photo record's bytes, as if each had its own file (real photos do).`,
  );
  out();

  const sync = (pick: (f: FirstSync) => number) => median(syncs.map(pick));
  const [pullWire, pullJson, photoBytes] = [
    sync((f) => f.pullWire),
    sync((f) => f.pullJson),
    sync((f) => f.photoBytes),
  ];
  const mine = pullWire + photoBytes;
  const whole = o.pullWire + o.photoBytes;
  const ratio = mine / whole;
  const recordsRatio = sync((f) => f.changes) / o.records;
  const outOfScope = Math.max(...syncs.map((f) => f.outOfScope));
  const wrongCount = syncs.some((f) => f.changes !== SHAPE.inspectorOwns * RECORDS_PER_INSPECTION);
  out(
    `The inspector's first sync, on a new device each run: POST /api/sync/pull from cursor null until more=false ` +
      `(gzip, as the server sends it), then GET /api/blobs/:sha256 for each photo one after another (src/sync/engine.ts). ` +
      `The whole organisation: every current record as pull pages of ${MAX_PULL_CHANGES} (the server's encoder over ` +
      `the records table, gzipped here), and every photo record's bytes.`,
  );
  out(
    table(
      ['', 'records', 'pages', 'pull JSON', 'pull on the wire', 'photos', 'photo bytes', 'in all'],
      [
        [
          `inspector (${SHAPE.inspectorOwns} inspections)`,
          n(sync((f) => f.changes)),
          n(sync((f) => f.pages)),
          MiB(pullJson),
          MiB(pullWire),
          n(sync((f) => f.photos)),
          MiB(photoBytes),
          MiB(mine),
        ],
        [
          `whole organisation (${n(SHAPE.inspections)})`,
          n(o.records),
          n(o.pages),
          MiB(o.pullJson),
          MiB(o.pullWire),
          n(o.photoRecords),
          MiB(o.photoBytes),
          MiB(whole),
        ],
        [
          'ratio',
          percent(recordsRatio),
          '',
          percent(pullJson / o.pullJson),
          percent(pullWire / o.pullWire),
          '',
          percent(photoBytes / o.photoBytes),
          percent(ratio),
        ],
      ],
    ),
  );
  out(
    `Scope check: the pulled changes belong to ${syncs[0]!.inspections} inspection(s), ` +
      `${outOfScope ? `${outOfScope} of them NOT the inspector's` : "all the inspector's"}` +
      `${wrongCount ? `; expected ${SHAPE.inspectorOwns * RECORDS_PER_INSPECTION} changes` : ''}.`,
  );
  out(
    table(
      ['run', 'pull pages', 'photos', 'first sync'],
      syncs.map((f, i) => [`${i + 1}`, ms(f.pullMs, 0), ms(f.photosMs, 0), ms(f.pullMs + f.photosMs, 0)]),
    ),
  );
  const syncMs = sync((f) => f.pullMs + f.photosMs);
  out(
    `median: pull ${ms(
      sync((f) => f.pullMs),
      0,
    )}, photos ${ms(
      sync((f) => f.photosMs),
      0,
    )}, ` + `first sync ${ms(syncMs, 0)} (login not counted)`,
  );
  out();

  const listMedian = median(list.ms);
  out(
    `Office list, a reviewer: GET ${LIST_PATH}, ${list.ms.length} requests one after another ` +
      `(${list.items} of ${n(list.total)} inspections, ${KiB(list.wire)} on the wire): median ${ms(listMedian)}, ` +
      `first ${ms(list.ms[0]!)}, slowest ${ms(Math.max(...list.ms))}.`,
  );
  const recordsMedian = median(open.map((r) => r.recordsMs));
  const photosMedian = median(open.map((r) => r.photosMs));
  const visibleMedian = median(open.map((r) => r.recordsMs + r.photosMs));
  out(
    `Opening one inspection, a reviewer: GET /api/inspections/:id (records and participants), then the first ` +
      `${FIRST_PHOTOS} photos' bytes at once (6 connections, as a browser); the first ${open.length} inspections of ` +
      `that page, each once. "First photos visible" counts from the click: records, then the photos.`,
  );
  out(
    table(
      ['run', 'records', 'records ms', 'photos ms', 'photos visible'],
      open.map((r, i) => [
        `${i + 1}`,
        `${r.records} (${KiB(r.recordsWire)})`,
        ms(r.recordsMs),
        `${ms(r.photosMs)} (${KiB(r.photoBytes)})`,
        ms(r.recordsMs + r.photosMs),
      ]),
    ),
  );
  out(`median: records ${ms(recordsMedian)}, photos after them ${ms(photosMedian)}, visible ${ms(visibleMedian)}`);
  out();
  out(
    `This part took ${s(report.totalMs)} (seeding ${s(seed.ms.total)}, measuring ` +
      `${s(report.totalMs - seed.ms.total)} incl. the server's start and the organisation's count).`,
  );
  out();
  return [
    {
      figure: "Scope: inspector's first sync / whole organisation",
      value: `${percent(ratio)} (${MiB(mine)} of ${MiB(whole)}; records ${percent(recordsRatio)})`,
      target: `≤ ${TARGET.ofOrganisation * 100} %`,
      // Anything outside the inspector's scope is a failure whatever the ratio.
      verdict: verdict(ratio <= TARGET.ofOrganisation && !outOfScope && !wrongCount),
    },
    {
      figure: "Scope: inspector's first sync (pull + photos)",
      value: `${ms(syncMs, 0)} (${n(sync((f) => f.changes))} records, ${n(sync((f) => f.photos))} photos)`,
      target: '—',
      verdict: 'INFO',
    },
    {
      figure: `Scope: office list page 1 (median of ${list.ms.length})`,
      value: ms(listMedian),
      target: `≤ ${TARGET.listMs} ms`,
      verdict: verdict(listMedian <= TARGET.listMs),
    },
    {
      figure: `Scope: open an inspection, records (median of ${open.length})`,
      value: ms(recordsMedian),
      target: `≤ ${TARGET.openMs} ms`,
      verdict: verdict(recordsMedian <= TARGET.openMs),
    },
    {
      figure: `Scope: open an inspection, first ${FIRST_PHOTOS} photos visible`,
      value: `${ms(visibleMedian)} (photos ${ms(photosMedian)} after the records)`,
      target: `≤ ${TARGET.photosMs} ms`,
      verdict: verdict(visibleMedian <= TARGET.photosMs),
    },
    { figure: 'Scope: this part\u2019s run time', value: s(report.totalMs), target: '—', verdict: 'INFO' },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await runScope();
  out();
  out(rowsTable(printScope(report)));
}

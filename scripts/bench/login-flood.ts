// Part 10 of `npm run bench` (issue 14): a flood of 200 logins under unknown names, each
// from its own address (127.0.1.x: a distributed flood, which the per-address limit does
// not stop), while a signed-in phone uploads photos one after another. The figure: the
// upload's time during the flood next to its time without one. Password hashing is
// bounded (src/server/services/passwords.ts), so the flood queues behind one hash at a
// time (and past the queue is answered "busy") instead of holding libuv's thread pool,
// which every file write of an upload also needs.
// `tsx scripts/bench/login-flood.ts` runs this part alone.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createOrganisation, createUser } from '../../src/server/services/accounts';
import { MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES } from '../../src/server/services/passwords';
import { migrateToLatest } from '../../src/server/storage/migrate';
import { openStorage } from '../../src/server/storage/open';
import { startServer } from '../../test/helpers/server';
import { httpClient, login } from './scope/http';
import { median, ms, out, percentile, progress, table } from './util';

const FLOOD = 200;
const IDLE_UPLOADS = 15;
const PHOTO_BYTES = 400_000;

export interface LoginFloodReport {
  idle: number[];
  during: number[];
  floodMs: number;
  answers: Record<number, number>;
}

export async function runLoginFlood(): Promise<LoginFloodReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xunjian-bench-flood-'));
  const storage = openStorage({ dataDir });
  await migrateToLatest(storage.db);
  await createOrganisation(storage.db, '某某县政府');
  await createUser(storage.db, {
    organisation: '某某县政府',
    name: 'phone',
    role: 'inspector',
    password: 'bench password',
  });
  await storage.close();
  const server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const http = httpClient(server.url);
  try {
    const session = await login(http, 'phone', 'bench password');
    let photo = 0;
    const upload = async () => {
      const bytes = new Uint8Array(PHOTO_BYTES).fill(++photo % 251);
      bytes[0] = 0xff;
      bytes.set(new TextEncoder().encode(String(photo)), 1);
      const hash = createHash('sha256').update(bytes).digest('hex');
      const reply = await http.send(`/api/blobs/${hash}`, {
        method: 'PUT',
        token: session.token,
        bytes,
        type: 'image/jpeg',
      });
      if (reply.status !== 200) throw new Error(`upload answered ${reply.status}`);
      return reply.ms;
    };
    progress(`login flood: ${IDLE_UPLOADS} uploads with nothing else running`);
    for (let n = 0; n < 5; n++) await upload(); // warm-up: the first requests of a process are slow
    const idle: number[] = [];
    for (let n = 0; n < IDLE_UPLOADS; n++) idle.push(await upload());

    progress(`login flood: ${FLOOD} unknown-name logins from ${FLOOD} addresses, uploads meanwhile`);
    const answers: Record<number, number> = {};
    const start = performance.now();
    let flooding = true;
    const flood = Promise.all(
      Array.from({ length: FLOOD }, (_, n) =>
        loginFrom(server.port, `127.0.1.${(n % 250) + 1}`, `nobody-${n}`).then((status) => {
          answers[status] = (answers[status] ?? 0) + 1;
        }),
      ),
    ).finally(() => (flooding = false));
    const during: number[] = [];
    let resets = 0;
    while (flooding || during.length < 3)
      // A kept-alive connection the server closed as it was reused: the phone sends again.
      during.push(await upload().catch(() => (resets++, upload())));
    if (resets) progress(`login flood: ${resets} upload(s) sent again after a connection reset`);
    await flood;
    return { idle, during, floodMs: performance.now() - start, answers };
  } finally {
    http.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One login over a fresh connection from `localAddress`: the server sees that address. */
function loginFrom(port: number, localAddress: string, name: string): Promise<number> {
  const body = JSON.stringify({ name, password: 'Summer2026!' });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: '/api/login',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function printLoginFlood(report: LoginFloodReport): void {
  out('## 10. Login flood (issue 14): a photo upload while 200 unknown-name logins arrive from 200 addresses');
  out(
    `    password hashing: ${MAX_CONCURRENT_HASHES} at a time, ${MAX_WAITING_HASHES} waiting, the rest answered 503 busy`,
  );
  const row = (label: string, values: number[]) => [
    label,
    String(values.length),
    ms(median(values)),
    ms(percentile(values, 90)),
    ms(Math.max(...values)),
  ];
  out(
    table(
      ['400 KB upload', 'n', 'median', 'p90', 'max'],
      [row('without a flood', report.idle), row('during the flood', report.during)],
    ),
  );
  const answers = Object.entries(report.answers)
    .map(([status, n]) => `${n}× ${status}`)
    .join(', ');
  out(`    the flood: ${answers}; all answered in ${ms(report.floodMs, 0)}`);
  out(
    `    during/without (median): ${(median(report.during) / median(report.idle)).toFixed(1)}×  (before the bound: uploads waited 3.5–13 s)`,
  );
  out();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printLoginFlood(await runLoginFlood());

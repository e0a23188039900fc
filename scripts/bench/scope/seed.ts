// The organisation bench part 9 measures, made as phones make it: each inspector's
// device PUTs its photos' bytes and pushes its inspections (outbox entries, ≤ 500 a
// push); colleagues add each other as participants over the API. Only the accounts are
// written directly (as `npm run admin` does), before the server opens the database.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  itemKey,
  type Answer,
  type Computer,
  type Finding,
  type Inspection,
  type RoomVisit,
} from '../../../src/shared/inspection';
import type { Photo } from '../../../src/shared/evidence';
import { InspectionFile } from '../../../src/shared/inspection-file.schema';
import {
  MAX_PUSH_ENTRIES,
  SYNC_FORMAT_VERSION,
  type LoginResponse,
  type Mutation,
  type PushResponse,
} from '../../../src/shared/sync-protocol';
import { createOrganisation, createUser } from '../../../src/server/services/accounts';
import { migrateToLatest } from '../../../src/server/storage/migrate';
import { openStorage } from '../../../src/server/storage/open';
import { login, type Http } from './http';

const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURE = resolve(ROOT, 'test/fixtures/record-large.json');
export const PASSWORD = 'bench scope password';
export const ORGANISATION = 'bench-scope';
export const INSPECTOR = 'scope-inspector';
export const REVIEWER = 'scope-reviewer';

/** The shape of the organisation. */
export const SHAPE = {
  inspections: 1000,
  /** The measured inspector's own. */
  inspectorOwns: 10,
  /** Colleagues own the others, as evenly as it divides. */
  colleagues: 33,
  /** Per inspection, from the large fixture: 1 inspection, 5 rooms, 20 PCs, 80 answers, 14 findings, 30 photos. */
  rooms: 5,
  computers: 20,
  answers: 80,
  findings: 14,
  photos: 30,
  /** One colleague's inspection in this many gets a second colleague as participant. */
  sharedEvery: 5,
  /** Devices pushing at once while seeding (the machine may have 2 cores). */
  lanes: 3,
} as const;
export const RECORDS_PER_INSPECTION = 1 + SHAPE.rooms + SHAPE.computers + SHAPE.answers + SHAPE.findings + SHAPE.photos;

export interface Blob {
  sha256: string;
  bytes: Buffer;
}

export interface SeededInspection {
  id: string;
  owner: string;
  unit: string;
  date: string;
}

export interface Organisation {
  inspections: SeededInspection[];
  /** The measured inspector's inspection ids. */
  inspectorIds: Set<string>;
  /** Distinct blobs uploaded: the colleagues' shared pool, and the inspector's own. */
  poolBlobs: number;
  inspectorBlobs: number;
  blobBytesUploaded: number;
  pushes: number;
  entries: number;
  participantsAdded: number;
  /** The wall time of each step, ms. */
  ms: { accounts: number; blobs: number; pushes: number; participants: number };
}

const colleagueName = (n: number) => `scope-colleague-${String(n).padStart(2, '0')}`;

/** The accounts (one organisation), before the server opens the database. */
export async function seedAccounts(dataDir: string): Promise<void> {
  const storage = openStorage({ dataDir });
  try {
    await migrateToLatest(storage.db);
    await createOrganisation(storage.db, ORGANISATION);
    const people: [string, 'inspector' | 'reviewer'][] = [
      [INSPECTOR, 'inspector'],
      [REVIEWER, 'reviewer'],
      ...Array.from(
        { length: SHAPE.colleagues },
        (_, i) => [colleagueName(i + 1), 'inspector'] as [string, 'inspector'],
      ),
    ];
    for (const [name, role] of people)
      await createUser(storage.db, { organisation: ORGANISATION, name, role, password: PASSWORD });
  } finally {
    await storage.close();
  }
}

/** A small deterministic PRNG (mulberry32): the same organisation every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTIES = ['东城', '西城', '南山', '北塘', '青石', '白河', '金川', '长宁', '安平', '永和'];
const BODIES = [
  '人民法院',
  '人民检察院',
  '公安局',
  '财政局',
  '教育局',
  '卫生健康局',
  '自然资源局',
  '税务局',
  '民政局',
  '人力资源和社会保障局',
];

/**
 * A real JPEG with a comment segment (FF FE) after its start marker: the same picture,
 * other bytes, so another SHA-256, the way every phone photo has its own.
 */
function jpegVariant(jpeg: Buffer, label: string): Buffer {
  const text = Buffer.from(label, 'utf8');
  const segment = Buffer.alloc(4 + text.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(2 + text.length, 2);
  text.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** One inspection's records, shaped like the large fixture's, with ids as the app makes them (UUIDs). */
function inspectionMutations(
  file: InspectionFile,
  spec: SeededInspection,
  inspectors: string[],
  photoBlobs: readonly Blob[],
  at: number,
): Mutation[] {
  const id = spec.id;
  const rooms = new Map(file.rooms.slice(0, SHAPE.rooms).map((r) => [r.id, randomUUID()]));
  const pcs = new Map(file.computers.slice(0, SHAPE.computers).map((c) => [c.id, randomUUID()]));
  const room = (roomId: string) => rooms.get(roomId) ?? [...rooms.values()][0]!;
  const pc = (computerId: string | undefined) =>
    computerId === undefined ? {} : { computerId: pcs.get(computerId) ?? [...pcs.values()][0]! };
  const inspection: Inspection = {
    ...file.inspection,
    id,
    unit: spec.unit,
    date: spec.date,
    inspectors,
    createdAt: at,
    updatedAt: at,
  };
  const roomRecords: RoomVisit[] = file.rooms
    .slice(0, SHAPE.rooms)
    .map((r) => ({ ...r, id: room(r.id), inspectionId: id }));
  const computers: Computer[] = file.computers
    .slice(0, SHAPE.computers)
    .map((c) => ({ ...c, id: pcs.get(c.id)!, roomId: room(c.roomId), inspectionId: id }));
  const placed = <T extends Answer | Finding>(a: T): T => {
    const place = { roomId: room(a.roomId), ...pc(a.computerId), itemId: a.itemId };
    return { ...a, ...place, id: itemKey(place), inspectionId: id };
  };
  const answers = file.answers.slice(0, SHAPE.answers).map(placed);
  const findings = file.findings.slice(0, SHAPE.findings).map(placed);
  const photos: Photo[] = Array.from({ length: SHAPE.photos }, (_, n) => {
    const p = file.photos[n % file.photos.length]!;
    const blob = photoBlobs[n % photoBlobs.length]!;
    return {
      ...p,
      id: randomUUID(),
      inspectionId: id,
      roomId: room(p.roomId),
      ...pc(p.computerId),
      sha256: blob.sha256,
      bytes: blob.bytes.length,
      capturedAt: at + n * 60_000,
      createdAt: at + n * 60_000,
    };
  });
  return [
    { kind: 'inspection', record: inspection },
    ...roomRecords.map((record) => ({ kind: 'room' as const, record })),
    ...computers.map((record) => ({ kind: 'computer' as const, record })),
    ...answers.map((record) => ({ kind: 'answer' as const, record })),
    ...findings.map((record) => ({ kind: 'finding' as const, record })),
    ...photos.map((record) => ({ kind: 'photo' as const, record })),
  ];
}

interface Device {
  name: string;
  session: LoginResponse;
  seq: number;
}

async function pushBody(http: Http, device: Device, body: string): Promise<void> {
  const reply = await http.send('/api/sync/push', {
    method: 'POST',
    token: device.session.token,
    bytes: Buffer.from(body),
    type: 'application/json',
  });
  if (reply.status !== 200) throw new Error(`push (${device.name}): ${reply.status} ${reply.body}`);
  const result = JSON.parse(reply.body.toString('utf8')) as PushResponse;
  // A refused entry would leave the organisation short of what the figures say.
  if (result.failed.length) throw new Error(`push refused entries: ${JSON.stringify(result.failed.slice(0, 3))}`);
}

async function putBlob(http: Http, token: string, blob: Blob): Promise<void> {
  const reply = await http.send(`/api/blobs/${blob.sha256}`, {
    method: 'PUT',
    token,
    bytes: blob.bytes,
    type: 'image/jpeg',
  });
  if (reply.status !== 200) throw new Error(`PUT blob: ${reply.status} ${reply.body}`);
}

/**
 * The organisation, through the running server. The colleagues' 29,700 photo records
 * share the fixture's 30 real JPEGs (70 KB, 1200×900); the inspector's 300 are 300
 * distinct JPEGs (those 30 with a comment segment each), so their first sync fetches
 * 300 files as a phone would.
 */
export async function seedOrganisation(http: Http, onProgress: (line: string) => void): Promise<Organisation> {
  const file = InspectionFile.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  const rand = random(20_260_101);
  const ms = { accounts: 0, blobs: 0, pushes: 0, participants: 0 };

  let started = performance.now();
  const names = [INSPECTOR, ...Array.from({ length: SHAPE.colleagues }, (_, i) => colleagueName(i + 1))];
  const devices = new Map<string, Device>();
  for (const name of names) devices.set(name, { name, session: await login(http, name, PASSWORD), seq: 0 });
  ms.accounts = performance.now() - started;

  // The bytes first, as the phone sends them before the records that name them.
  started = performance.now();
  const jpegs = Object.values(file.blobs)
    .filter((b) => b.type === 'image/jpeg')
    .map((b) => Buffer.from(b.base64, 'base64'));
  const pool: Blob[] = jpegs.map((bytes) => ({ sha256: sha256(bytes), bytes }));
  const own: Blob[] = Array.from({ length: SHAPE.inspectorOwns * SHAPE.photos }, (_, n) => {
    const bytes = jpegVariant(jpegs[n % jpegs.length]!, `xunjian bench: ${INSPECTOR} photo ${n + 1}`);
    return { sha256: sha256(bytes), bytes };
  });
  for (const blob of pool) await putBlob(http, devices.get(colleagueName(1))!.session.token, blob);
  for (const blob of own) await putBlob(http, devices.get(INSPECTOR)!.session.token, blob);
  ms.blobs = performance.now() - started;

  // Who owns which: the inspector's 10, the colleagues' the rest; dates over 3½ years.
  const firstDay = Date.UTC(2023, 0, 1);
  const days = Math.floor((Date.UTC(2026, 6, 1) - firstDay) / 86_400_000);
  const owners = [
    ...Array.from({ length: SHAPE.inspectorOwns }, () => INSPECTOR),
    ...Array.from({ length: SHAPE.inspections - SHAPE.inspectorOwns }, (_, n) =>
      colleagueName((n % SHAPE.colleagues) + 1),
    ),
  ];
  const inspections: SeededInspection[] = owners.map((owner) => ({
    id: randomUUID(),
    owner,
    unit: `${COUNTIES[Math.floor(rand() * COUNTIES.length)]}县${BODIES[Math.floor(rand() * BODIES.length)]}`,
    date: new Date(firstDay + Math.floor(rand() * days) * 86_400_000).toISOString().slice(0, 10),
  }));

  // Each device's outbox as push bodies of ≤ 500 entries; the bodies of all devices
  // interleaved (each at its share of its device's outbox), so the inspector's records
  // lie spread through server order, not in one block.
  const bodies: { device: Device; body: string; key: number }[] = [];
  let entries = 0;
  for (const name of names) {
    const device = devices.get(name)!;
    const mine = inspections.filter((i) => i.owner === name);
    const mutations = mine.flatMap((spec, n) => {
      const colleague = name === INSPECTOR ? '李四' : '张三';
      const at = Date.parse(`${spec.date}T09:00:00Z`) + n;
      return inspectionMutations(
        file,
        spec,
        [name, colleague],
        name === INSPECTOR ? own.slice(n * SHAPE.photos, (n + 1) * SHAPE.photos) : pool,
        at,
      );
    });
    entries += mutations.length;
    const count = Math.ceil(mutations.length / MAX_PUSH_ENTRIES);
    for (let i = 0; i < count; i++) {
      const slice = mutations.slice(i * MAX_PUSH_ENTRIES, (i + 1) * MAX_PUSH_ENTRIES);
      const body = JSON.stringify({
        format: SYNC_FORMAT_VERSION,
        deviceId: device.session.deviceId,
        entries: slice.map((mutation) => ({ seq: ++device.seq, mutation })),
      });
      bodies.push({ device, body, key: (i + 0.5) / count });
    }
  }
  bodies.sort((a, b) => a.key - b.key);
  started = performance.now();
  const laneOf = new Map(names.map((name, i) => [name, i % SHAPE.lanes]));
  let done = 0;
  await Promise.all(
    Array.from({ length: SHAPE.lanes }, async (_, lane) => {
      for (const { device, body } of bodies.filter((b) => laneOf.get(b.device.name) === lane)) {
        await pushBody(http, device, body);
        if (++done % 50 === 0) onProgress(`${done}/${bodies.length} pushes`);
      }
    }),
  );
  ms.pushes = performance.now() - started;

  // Some colleagues' inspections were visited by two: the owner adds the next colleague.
  started = performance.now();
  let participantsAdded = 0;
  const colleagueInspections = inspections.filter((i) => i.owner !== INSPECTOR);
  for (const [n, spec] of colleagueInspections.entries()) {
    if (n % SHAPE.sharedEvery !== 0) continue;
    const owner = devices.get(spec.owner)!;
    const index = Number(spec.owner.slice(-2));
    const other = devices.get(colleagueName((index % SHAPE.colleagues) + 1))!;
    await http.json(`/api/inspections/${encodeURIComponent(spec.id)}/participants`, {
      token: owner.session.token,
      json: { format: SYNC_FORMAT_VERSION, userId: other.session.user.id },
    });
    participantsAdded++;
  }
  ms.participants = performance.now() - started;

  return {
    inspections,
    inspectorIds: new Set(inspections.filter((i) => i.owner === INSPECTOR).map((i) => i.id)),
    poolBlobs: pool.length,
    inspectorBlobs: own.length,
    blobBytesUploaded: [...pool, ...own].reduce((n, b) => n + b.bytes.length, 0),
    pushes: bodies.length,
    entries,
    participantsAdded,
    ms,
  };
}

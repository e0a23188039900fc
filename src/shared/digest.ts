// The content digest signers see and sign: SHA-256 over a canonical serialisation of
// what the record says — the inspection's particulars, its live rooms and computers,
// the answers and active findings in them, and the hashes and captions of their photos.
// Timestamps, the resume position and removed (undoable) things are not content.
import { sha256Hex, type Photo } from './evidence';
import {
  itemKey,
  needsFinding,
  type Answer,
  type Computer,
  type Finding,
  type Inspection,
  type RoomVisit,
} from './inspection';

export interface DigestInput {
  inspection: Inspection;
  rooms: readonly RoomVisit[];
  computers: readonly Computer[];
  answers: Iterable<Answer>;
  findings: Iterable<Finding>;
  photos: readonly Photo[];
}

/** JSON with object keys sorted at every level, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The content that a signature covers, as one canonical string. */
export function digestContent(input: DigestInput): string {
  const { inspection: i } = input;
  const rooms = input.rooms.filter((r) => r.removedAt === undefined);
  const roomIds = new Set(rooms.map((r) => r.id));
  const computers = input.computers.filter((c) => c.removedAt === undefined && roomIds.has(c.roomId));
  const computerIds = new Set(computers.map((c) => c.id));
  const live = (x: { roomId: string; computerId?: string | undefined }) =>
    roomIds.has(x.roomId) && (x.computerId === undefined || computerIds.has(x.computerId));
  const answers = [...input.answers].filter(live);
  const failing = new Set(answers.filter((a) => needsFinding(a.result)).map((a) => a.id));
  return canonicalJson({
    format: 'xunjian-digest/1',
    inspection: {
      id: i.id,
      unit: i.unit,
      address: i.address,
      date: i.date,
      basis: i.basis,
      inspectors: i.inspectors,
      representative: i.representative,
      template: i.template,
    },
    rooms: rooms.map(({ id, kind, name, order }) => ({ id, kind, name, order })).sort(byId),
    computers: computers
      .map(({ id, roomId, assetTag, user, location, classified, order }) => ({
        id,
        roomId,
        assetTag,
        user,
        location,
        classified,
        order,
      }))
      .sort(byId),
    // A copied answer ("同上一台") says something else than a checked one, so the signers'
    // digest covers where it came from; absent on the others, so their digests are unchanged.
    answers: answers
      .map(({ id, result, value, note, carriedFrom }) => ({ id, result, value, note, carriedFrom }))
      .sort(byId),
    findings: [...input.findings]
      .filter((f) => failing.has(f.id))
      .map(({ id, problem, rectification }) => ({ id, problem, rectification }))
      .sort(byId),
    photos: input.photos
      .filter((p) => p.removedAt === undefined && live(p))
      .map(({ id, roomId, computerId, itemId, attachedTo, sha256, caption }) => ({
        id,
        place: itemKey({ roomId, computerId, itemId }),
        attachedTo,
        sha256,
        caption,
      }))
      .sort(byId),
  });
}

/** SHA-256 (hex) of the canonical content: stored with each signature, printed on the record. */
export function contentDigest(input: DigestInput): Promise<string> {
  return sha256Hex(new TextEncoder().encode(digestContent(input)));
}

import {
  addSignature,
  createDatabase,
  createInspection,
  inspectionDigest,
  useDatabase,
  type XunjianDB,
} from '../../src/db';
import type { VisitKind } from '../../src/shared/checklist';
import type { Inspection } from '../../src/shared/inspection';
import { sha256Hex } from '../../src/shared/evidence';

let counter = 0;

/** A fresh, empty database (fake-indexeddb) installed as the app's database. */
export function freshDatabase(upTo = Infinity): { db: XunjianDB; name: string } {
  const name = `xunjian-test-${process.pid}-${++counter}`;
  const db = createDatabase(name, upTo);
  useDatabase(db);
  return { db, name };
}

/**
 * Sign the inspection as it is stored now (the digest the signer would be shown), with a
 * tiny PNG: each call's bytes are new, as a signature drawn anew is (the server refuses
 * an image that signed before), unless a seed asks for the same bytes again. 12 bytes
 * (5 with a seed).
 */
export async function signNow(inspectionId: string, seed?: number): Promise<{ pngSha256: string }> {
  const tail = seed === undefined ? crypto.getRandomValues(new Uint8Array(8)) : [seed];
  const png = new Uint8Array([137, 80, 78, 71, ...tail]).buffer;
  const pngSha256 = await sha256Hex(png);
  await addSignature(
    inspectionId,
    { role: 'inspector', name: '王堃', title: '' },
    png,
    pngSha256,
    await inspectionDigest(inspectionId),
  );
  return { pngSha256 };
}

/** An inspection on the small template (helpers/template.ts), made as the app makes one: with its outbox entries. */
export function createSmallInspection(initialRooms: { kind: VisitKind; name: string }[] = []): Promise<Inspection> {
  return createInspection(
    {
      unit: '某镇人民政府',
      address: '',
      date: '2026-11-24',
      basis: '',
      inspectors: ['王堃'],
      representative: { name: '李喆', title: '' },
      template: { id: 'small', version: 1 },
    },
    initialRooms,
  );
}

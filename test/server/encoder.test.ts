import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRecord } from '../../src/server/services/encoder';
import { canonicalJson } from '../../src/shared/digest';
import { InspectionFile } from '../../src/shared/inspection-file.schema';
import type { SyncedRecord } from '../../src/shared/sync-protocol';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/record-large.json');
const encode = (value: unknown) => encodeRecord(value as SyncedRecord);

// Stored bodies were written by canonicalJson, and a push compares its text with them:
// any other text for the same record would store an unchanged record as a new version.
describe('encodeRecord', () => {
  it('writes the text canonicalJson writes, for every record of the large fixture', () => {
    const file = InspectionFile.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    const records = [
      file.inspection,
      ...file.rooms,
      ...file.computers,
      ...file.answers,
      ...file.findings,
      ...file.photos,
      ...file.signatures,
    ];
    for (const record of records) expect(encode(record)).toBe(canonicalJson(record));
  });

  it('sorts each object by itself, whatever order objects of the same keys came in', () => {
    const values = [
      { b: 1, a: { d: [1, { z: null, y: 'ü' }], c: undefined }, 10: 'x', 9: 'y' },
      { a: { c: 2, d: [] }, b: 1, 9: 'y', 10: 'x' },
      { 'a\u0000b': 1 },
      { a: 1, b: 2 },
      { 'a\u0000b': 3, c: 4 },
      { b: [undefined, 'x', { b: 1, a: 2 }], a: '"quoted"' },
      { é: 1, e: 2, E: 3, 'e\u{1F600}': 4, '\u{FF21}': 5 },
    ];
    // Twice: the second pass reads the orders remembered by the first.
    for (const value of [...values, ...values]) expect(encode(value)).toBe(canonicalJson(value));
  });
});

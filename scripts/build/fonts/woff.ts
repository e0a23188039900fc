// WOFF 1 → TrueType. A WOFF 1 file is an sfnt whose tables were zlib-compressed one by
// one, so undoing it is: read the table directory, inflate what was compressed, and lay
// the tables out again as an sfnt with a fresh directory, 4-byte padding and checksums.
// (jsPDF reads only TrueType; @fontsource ships TrueType-flavoured WOFF 1 files.)

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER_SIZE = 44;
const WOFF_ENTRY_SIZE = 20;
const SFNT_HEADER_SIZE = 12;
const SFNT_ENTRY_SIZE = 16;
const CHECKSUM_MAGIC = 0xb1b0afba;

export interface SfntTable {
  tag: string;
  data: Uint8Array;
}

/** Inflates a zlib stream: node:zlib's inflateSync in Node, fflate or similar elsewhere. */
export type Inflate = (compressed: Uint8Array) => Uint8Array;

/** The tables of a WOFF 1 file, uncompressed, in directory (tag) order. */
export function readWoffTables(woff: Uint8Array, inflate: Inflate): { flavor: number; tables: SfntTable[] } {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.byteLength < WOFF_HEADER_SIZE || view.getUint32(0) !== WOFF_SIGNATURE) {
    throw new Error('not a WOFF 1 file');
  }
  const flavor = view.getUint32(4);
  const numTables = view.getUint16(12);
  const tables: SfntTable[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = WOFF_HEADER_SIZE + i * WOFF_ENTRY_SIZE;
    const tag = String.fromCharCode(...woff.subarray(at, at + 4));
    const offset = view.getUint32(at + 4);
    const compLength = view.getUint32(at + 8);
    const origLength = view.getUint32(at + 12);
    if (offset + compLength > woff.byteLength) throw new Error(`table ${tag} runs past the end of the file`);
    const stored = woff.subarray(offset, offset + compLength);
    // The spec stores a table as is when compressing would not make it smaller.
    const data = compLength < origLength ? inflate(stored) : stored.slice();
    if (data.byteLength !== origLength)
      throw new Error(`table ${tag}: ${data.byteLength} bytes, expected ${origLength}`);
    tables.push({ tag, data });
  }
  return { flavor, tables };
}

/** The OpenType table checksum: the sum of big-endian uint32 words, zero-padded. */
export function tableChecksum(data: Uint8Array): number {
  let sum = 0;
  const whole = data.byteLength & ~3;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < whole; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  if (whole < data.byteLength) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (data[i] ?? 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** Lays tables out as an sfnt (TrueType when flavor is 0x00010000). */
export function writeSfnt(flavor: number, input: SfntTable[]): Uint8Array {
  const tables = [...input].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const n = tables.length;
  const dirSize = SFNT_HEADER_SIZE + n * SFNT_ENTRY_SIZE;
  const total = tables.reduce((size, t) => size + pad4(t.data.byteLength), dirSize);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 2 ** entrySelector * 16;
  view.setUint32(0, flavor);
  view.setUint16(4, n);
  view.setUint16(6, searchRange);
  view.setUint16(8, entrySelector);
  view.setUint16(10, n * 16 - searchRange);
  let offset = dirSize;
  let headOffset = -1;
  tables.forEach((table, i) => {
    const data = table.data.slice();
    // head.checkSumAdjustment is counted as zero in every checksum, then set last.
    if (table.tag === 'head') {
      new DataView(data.buffer).setUint32(8, 0);
      headOffset = offset;
    }
    const at = SFNT_HEADER_SIZE + i * SFNT_ENTRY_SIZE;
    for (let k = 0; k < 4; k++) out[at + k] = table.tag.charCodeAt(k);
    view.setUint32(at + 4, tableChecksum(data));
    view.setUint32(at + 8, offset);
    view.setUint32(at + 12, data.byteLength);
    out.set(data, offset);
    offset += pad4(data.byteLength);
  });
  if (headOffset >= 0) view.setUint32(headOffset + 8, (CHECKSUM_MAGIC - tableChecksum(out)) >>> 0);
  return out;
}

/** Converts a WOFF 1 file to the sfnt it wraps. */
export function woffToSfnt(woff: Uint8Array, inflate: Inflate): Uint8Array {
  const { flavor, tables } = readWoffTables(woff, inflate);
  return writeSfnt(flavor, tables);
}

/** The tables of an sfnt by tag (views into `sfnt`, not copies). */
export function readSfntTables(sfnt: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(sfnt.buffer, sfnt.byteOffset, sfnt.byteLength);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < view.getUint16(4); i++) {
    const at = SFNT_HEADER_SIZE + i * SFNT_ENTRY_SIZE;
    const tag = String.fromCharCode(...sfnt.subarray(at, at + 4));
    const offset = view.getUint32(at + 8);
    tables.set(tag, sfnt.subarray(offset, offset + view.getUint32(at + 12)));
  }
  return tables;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

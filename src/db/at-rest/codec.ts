// What a sealed row looks like in IndexedDB: the fields IndexedDB indexes (the primary
// key and every index's key path) stay readable, so queries keep working; everything
// else is one sealed field. Bytes (a photo's JPEG, a signature's PNG) travel beside the
// JSON inside the same sealed buffer, not as base64, so a photo costs its size once.
import type { RecordCipher } from './cipher';

export const SEALED = '$sealed';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Where a part's bytes are, counted from the end of the JSON. */
type Bin = { $bin: number; len: number; as: 'ArrayBuffer' | 'Uint8Array' };

/** The row as stored: `clear` fields as they were, the rest sealed. */
export function sealRow(
  row: Record<string, unknown>,
  clear: readonly string[],
  cipher: RecordCipher,
  context: Uint8Array,
): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (clear.includes(name)) stored[name] = value;
    else rest[name] = value;
  }
  stored[SEALED] = cipher.seal(pack(rest), context);
  return stored;
}

/** The row as the app wrote it. A row without a sealed field was stored before the lock was set up. */
export function openRow(stored: unknown, cipher: RecordCipher | undefined, context: Uint8Array): unknown {
  if (!isSealed(stored)) return stored;
  if (!cipher) throw new LockedError();
  const { [SEALED]: sealed, ...clear } = stored;
  return { ...clear, ...unpack(cipher.open(sealed, context)) };
}

export function isSealed(stored: unknown): stored is Record<string, unknown> & { [SEALED]: Uint8Array } {
  return (
    typeof stored === 'object' && stored !== null && (stored as Record<string, unknown>)[SEALED] instanceof Uint8Array
  );
}

/** The app is locked: sealed rows cannot be read or written until the PIN is given. */
export class LockedError extends Error {
  constructor() {
    super('the app is locked');
    this.name = 'LockedError';
  }
}

/** JSON length (4 bytes) ‖ JSON ‖ each binary part in order. */
function pack(value: Record<string, unknown>): Uint8Array {
  const parts: Uint8Array[] = [];
  const json = encoder.encode(
    JSON.stringify(value, function replacer(this: Record<string, unknown>, key, v: unknown) {
      if (v instanceof ArrayBuffer) return bin(parts, new Uint8Array(v), 'ArrayBuffer');
      if (v instanceof Uint8Array) return bin(parts, v, 'Uint8Array');
      // A type JSON would flatten silently must not reach a sealed row unnoticed (a Date
      // arrives here already turned into a string by its toJSON: the holder has it).
      const original = this[key];
      if (
        original instanceof Date ||
        ArrayBuffer.isView(original) ||
        original instanceof Map ||
        original instanceof Set ||
        (typeof Blob !== 'undefined' && original instanceof Blob)
      )
        throw new TypeError('a sealed row holds only JSON values and bytes');
      return v;
    }),
  );
  const total = 4 + json.length + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  let at = 4 + json.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function bin(parts: Uint8Array[], bytes: Uint8Array, as: Bin['as']): Bin {
  const offset = parts.reduce((n, p) => n + p.length, 0);
  parts.push(bytes);
  return { $bin: offset, len: bytes.length, as };
}

function unpack(bytes: Uint8Array): Record<string, unknown> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(0);
  const text = decoder.decode(bytes.subarray(4, 4 + jsonLength));
  const base = 4 + jsonLength;
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && '$bin' in v && 'len' in v && 'as' in v) {
      const { $bin, len, as } = v as Bin;
      const copy = bytes.slice(base + $bin, base + $bin + len);
      return as === 'ArrayBuffer' ? copy.buffer : copy;
    }
    return v;
  }) as Record<string, unknown>;
}

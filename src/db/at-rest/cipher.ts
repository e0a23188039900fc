// The record cipher: AES-256-GCM, run synchronously in JavaScript (@noble/ciphers).
// Synchronous on purpose: an IndexedDB transaction commits as soon as its code awaits
// anything that is not a request of its own, so WebCrypto's promises cannot be used
// inside one. WebCrypto still derives and wraps the key (keys.ts), outside transactions.
// A 国密 build would swap SM4-GCM in here; nothing else knows which cipher seals a row.
import { gcm } from '@noble/ciphers/aes.js';

const NONCE_BYTES = 12;

export interface RecordCipher {
  /** nonce ‖ ciphertext ‖ tag, bound to `context` (the table: a row cannot be moved to another). */
  seal(plain: Uint8Array, context: Uint8Array): Uint8Array;
  /** Throws when the bytes were not sealed with this key and context (or were altered). */
  open(sealed: Uint8Array, context: Uint8Array): Uint8Array;
}

/**
 * The cipher, with the plaintexts of recently sealed or opened rows kept in memory: a
 * live query re-reads a room's answers after every tap, and AES-GCM in JavaScript costs
 * about 0.1 ms a row. Keyed by the table, the nonce, the authentication tag and a
 * checksum of the whole ciphertext (a row altered in storage is decrypted, and refused,
 * unless the alteration kept the checksum: even then only the row's own earlier
 * plaintext comes back, never the attacker's). The plaintexts live in this page's
 * memory only, as the opened rows do anyway.
 */
export function recordCipher(key: Uint8Array): RecordCipher {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes');
  const recent = new PlaintextCache();
  return {
    seal(plain, context) {
      const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const body = gcm(key, nonce, context).encrypt(plain);
      const out = new Uint8Array(NONCE_BYTES + body.length);
      out.set(nonce);
      out.set(body, NONCE_BYTES);
      recent.put(context, out, plain);
      return out;
    },
    open(sealed, context) {
      const known = sealed.length <= MAX_CACHED_ROW + NONCE_BYTES + TAG_BYTES ? recent.get(context, sealed) : undefined;
      if (known) return known;
      const plain = gcm(key, sealed.subarray(0, NONCE_BYTES), context).decrypt(sealed.subarray(NONCE_BYTES));
      recent.put(context, sealed, plain);
      return plain;
    },
  };
}

const TAG_BYTES = 16;
/** Rows bigger than this (photos) are not kept: they are read rarely, and would crowd out the rest. */
const MAX_CACHED_ROW = 64 * 1024;
const CACHE_BYTES = 8 * 1024 * 1024;
/** What an entry costs beyond its plaintext (its key string, the array object). */
const ENTRY_OVERHEAD = 256;

class PlaintextCache {
  private readonly entries = new Map<string, Uint8Array>();
  private bytes = 0;

  get(context: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
    const id = this.id(context, sealed);
    const plain = this.entries.get(id);
    if (!plain) return undefined;
    // Most recently used last.
    this.entries.delete(id);
    this.entries.set(id, plain);
    return plain.slice();
  }

  put(context: Uint8Array, sealed: Uint8Array, plain: Uint8Array): void {
    if (plain.length > MAX_CACHED_ROW || sealed.length < NONCE_BYTES + TAG_BYTES) return;
    const id = this.id(context, sealed);
    if (this.entries.has(id)) return;
    this.entries.set(id, plain.slice());
    this.bytes += plain.length + ENTRY_OVERHEAD;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= CACHE_BYTES) break;
      this.entries.delete(oldest);
      this.bytes -= value.length + ENTRY_OVERHEAD;
    }
  }

  private id(context: Uint8Array, sealed: Uint8Array): string {
    const nonce = sealed.subarray(0, NONCE_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    // FNV-1a: a cheap checksum, not a defence on its own (GCM's tag is, on a miss).
    let sum = 0x811c9dc5;
    for (const byte of sealed) sum = Math.imul(sum ^ byte, 0x01000193);
    return `${String.fromCharCode(...context, 0, ...nonce, ...tag)}:${sealed.length}:${sum >>> 0}`;
  }
}

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

export function recordCipher(key: Uint8Array): RecordCipher {
  if (key.length !== 32) throw new Error('the data key must be 32 bytes');
  return {
    seal(plain, context) {
      const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const body = gcm(key, nonce, context).encrypt(plain);
      const out = new Uint8Array(NONCE_BYTES + body.length);
      out.set(nonce);
      out.set(body, NONCE_BYTES);
      return out;
    },
    open(sealed, context) {
      return gcm(key, sealed.subarray(0, NONCE_BYTES), context).decrypt(sealed.subarray(NONCE_BYTES));
    },
  };
}

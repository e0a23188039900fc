// The data key, wrapped twice: by a key derived from the user's PIN (PBKDF2-SHA-256,
// 600,000 iterations, OWASP's figure for it), and by a secret the server keeps for this
// device, given only to its user after they sign in online again (too many wrong PINs).
// WebCrypto throughout; AES-GCM's tag is what tells a wrong PIN.

export const PBKDF2_ITERATIONS = 600_000;

export interface Wrapped {
  iv: Uint8Array;
  data: Uint8Array;
}

export function newDataKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

export function newSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(16));
}

export async function pinKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(pin.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The server's recovery secret (base64url of 32 bytes) as a wrapping key. */
export async function recoveryKey(secret: string): Promise<CryptoKey> {
  const bytes = Uint8Array.from(atob(secret.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  if (bytes.length !== 32) throw new Error('the recovery secret must be 32 bytes');
  return crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function wrap(dataKey: Uint8Array, by: CryptoKey): Promise<Wrapped> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource }, by, dataKey as BufferSource),
  );
  return { iv, data };
}

/** The data key, or undefined when `by` is not the key it was wrapped with (a wrong PIN). */
export async function unwrap(wrapped: Wrapped, by: CryptoKey): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: wrapped.iv as BufferSource },
        by,
        wrapped.data as BufferSource,
      ),
    );
  } catch {
    return undefined;
  }
}

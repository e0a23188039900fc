// Reading sealed rows in the page, for tests: an implementation of the at-rest format
// of its own, on WebCrypto (the app seals with @noble/ciphers): that the two agree is
// itself a check that rows are plain AES-256-GCM under a PBKDF2-wrapped key, bound to
// their table. Self-contained: page.evaluate sends this function's text alone.

/** The PIN every end-to-end phone sets when it signs in. */
export const E2E_PIN = '24681357';

export function installUnsealerInPage(pin: string): void {
  const g = globalThis as unknown as {
    __xunjianUnseal?: (table: string, rows: Record<string, unknown>[]) => Promise<Record<string, unknown>[]>;
  };
  if (g.__xunjianUnseal) return;
  let dataKey: Promise<CryptoKey> | undefined;
  const readVault = () =>
    new Promise<{
      kdf: { salt: Uint8Array<ArrayBuffer>; iterations: number };
      byPin: { iv: Uint8Array<ArrayBuffer>; data: Uint8Array<ArrayBuffer> };
    }>((resolve, reject) => {
      const open = indexedDB.open('xunjian-vault');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const req = open.result.transaction('vault').objectStore('vault').get('vault');
        req.onsuccess = () => {
          open.result.close();
          if (!req.result) reject(new Error('sealed rows but no vault'));
          else resolve(req.result);
        };
        req.onerror = () => reject(req.error);
      };
    });
  const key = async () => {
    const vault = await readVault();
    const material = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(pin.normalize('NFC')),
      'PBKDF2',
      false,
      ['deriveKey'],
    );
    const pinKey = await crypto.subtle.deriveKey(
      { name: 'PBKDF2', hash: 'SHA-256', salt: vault.kdf.salt, iterations: vault.kdf.iterations },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    const raw = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: vault.byPin.iv }, pinKey, vault.byPin.data);
    return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
  };
  g.__xunjianUnseal = async (table, rows) => {
    dataKey ??= key();
    const k = await dataKey;
    return Promise.all(
      rows.map(async (row) => {
        const sealed = row.$sealed;
        if (!(sealed instanceof Uint8Array)) return row;
        const plain = new Uint8Array(
          await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: sealed.slice(0, 12), additionalData: new TextEncoder().encode(`xunjian:${table}`) },
            k,
            sealed.slice(12),
          ),
        );
        const jsonLength = new DataView(plain.buffer).getUint32(0);
        const base = 4 + jsonLength;
        const rest = JSON.parse(new TextDecoder().decode(plain.subarray(4, base)), (_k, v: unknown) => {
          if (typeof v === 'object' && v !== null && '$bin' in v) {
            const { $bin, len, as } = v as { $bin: number; len: number; as: string };
            const copy = plain.slice(base + $bin, base + $bin + len);
            return as === 'ArrayBuffer' ? copy.buffer : copy;
          }
          return v;
        }) as Record<string, unknown>;
        const { $sealed: _sealed, ...clear } = row;
        return { ...clear, ...rest };
      }),
    );
  };
}

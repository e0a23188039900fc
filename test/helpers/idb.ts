import type { Page } from 'playwright-core';
import { E2E_PIN, installUnsealerInPage } from './unseal';

/** Facts about a stored blob, computed in the page (bytes never cross into Node). */
export interface BlobFacts {
  sha256: string;
  computedSha256: string;
  bytes: number;
  type: string;
  width: number;
  height: number;
  hasExif: boolean;
  /** RGBA at fractions of the width and height, for orientation checks. */
  pixels: number[][];
}

/**
 * Read a table of the app's IndexedDB straight from the browser, as the app wrote it:
 * sealed rows (the app lock is set up) are opened with the end-to-end PIN.
 */
export async function readTable<T>(page: Page, table: string): Promise<T[]> {
  await page.evaluate(installUnsealerInPage, E2E_PIN);
  return page.evaluate(readTableInPage, table) as Promise<T[]>;
}

/** Every row as IndexedDB holds it, sealed or not. */
export function readRawTable<T>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(readTableInPage, { name: table, raw: true }) as Promise<T[]>;
}

type Unsealer = (table: string, rows: Record<string, unknown>[]) => Promise<Record<string, unknown>[]>;

/**
 * readTable's page side; self-contained, so the engine suites (./engines) can run it too
 * (they never set up the lock: a sealed row there, with no unsealer installed, fails).
 */
export async function readTableInPage(
  what: string | { name: string; raw: boolean },
): Promise<Record<string, unknown>[]> {
  const { name, raw } = typeof what === 'string' ? { name: what, raw: false } : what;
  const stored = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
    const open = indexedDB.open('xunjian');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction(name, 'readonly').objectStore(name).getAll();
      req.onsuccess = () => {
        resolve(req.result as Record<string, unknown>[]);
        db.close();
      };
      req.onerror = () => reject(req.error);
    };
  });
  const unseal = (globalThis as unknown as { __xunjianUnseal?: Unsealer }).__xunjianUnseal;
  const sealed = stored.some((row) => row.$sealed instanceof Uint8Array);
  if (sealed && !raw && !unseal) throw new Error(`${name}: sealed rows, and no unsealer installed`);
  const rows = sealed && !raw && unseal ? await unseal(name, stored) : stored;
  // Bytes do not survive the trip to Node; report their size instead.
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        v instanceof ArrayBuffer || v instanceof Uint8Array ? { byteLength: v.byteLength } : v,
      ]),
    ),
  );
}

export async function blobFacts(page: Page, sha256: string, samples: [number, number][] = []): Promise<BlobFacts> {
  await page.evaluate(installUnsealerInPage, E2E_PIN);
  return page.evaluate(blobFactsInPage, { sha256, samples });
}

/** blobFacts' page side; self-contained, so the engine suites (./engines) can run it too. */
export async function blobFactsInPage({
  sha256,
  samples,
}: {
  sha256: string;
  samples: [number, number][];
}): Promise<BlobFacts> {
  const row = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const open = indexedDB.open('xunjian');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction('blobs', 'readonly').objectStore('blobs').get(sha256);
      req.onsuccess = () => {
        resolve(req.result as Record<string, unknown>);
        db.close();
      };
      req.onerror = () => reject(req.error);
    };
  });
  const unseal = (globalThis as unknown as { __xunjianUnseal?: Unsealer }).__xunjianUnseal;
  const opened = row.$sealed instanceof Uint8Array && unseal ? (await unseal('blobs', [row]))[0]! : row;
  const stored = opened as { sha256: string; data: ArrayBuffer; type: string };
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', stored.data));
  const bytes = new Uint8Array(stored.data);
  let hasExif = false;
  for (let i = 0; i + 1 < Math.min(bytes.length, 65536); i++)
    if (bytes[i] === 0xff && bytes[i + 1] === 0xe1) hasExif = true;
  const bitmap = await createImageBitmap(new Blob([stored.data], { type: stored.type }), {
    imageOrientation: 'none',
  });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const pixels = samples.map(([fx, fy]) => [
    ...ctx.getImageData(Math.floor(fx * (bitmap.width - 1)), Math.floor(fy * (bitmap.height - 1)), 1, 1).data,
  ]);
  return {
    sha256: stored.sha256,
    computedSha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
    bytes: bytes.length,
    type: stored.type,
    width: bitmap.width,
    height: bitmap.height,
    hasExif,
    pixels,
  };
}

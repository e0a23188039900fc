// Evidence of a visit: photos (content-addressed by the SHA-256 of their stored bytes)
// and signatures. Types from evidence.schema.ts; this module stays free of zod.
import type { z } from 'zod';
import type * as schema from './evidence.schema';
import { itemKey } from './inspection';

export type Photo = z.infer<typeof schema.Photo>;
export type Signature = z.infer<typeof schema.Signature>;
export type SignerRole = z.infer<typeof schema.SignerRole>;

/** A photo ready to store: its JPEG bytes, their hash, and what was read from the capture. */
export interface PhotoBytes {
  data: ArrayBuffer;
  sha256: string;
  width: number;
  height: number;
  capturedAt: number;
  location?: { lat: number; lon: number };
}

/** Bytes stored once per SHA-256, however many photos or signatures refer to them. */
export interface StoredBlob {
  sha256: string;
  data: ArrayBuffer;
  type: string;
}

/** Lower-case hex SHA-256 of some bytes (Web Crypto: browsers, workers and Node alike). */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Live photos grouped by item key (photos of the item and of its finding together). */
export function photosByItem(photos: readonly Photo[]): Map<string, Photo[]> {
  const byKey = new Map<string, Photo[]>();
  for (const p of photos) {
    if (p.removedAt !== undefined) continue;
    const key = itemKey(p);
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  return byKey;
}

/** How many live photos each item has. */
export function photoCountsByItem(photos: readonly Photo[]): Map<string, number> {
  return new Map([...photosByItem(photos)].map(([key, list]) => [key, list.length]));
}

/** Signatures that still count (a reopening voids them). */
export function validSignatures(signatures: readonly Signature[]): Signature[] {
  return signatures.filter((s) => s.voidedAt === undefined);
}

/** Signing ends the visit: once anyone has signed, nothing may change until an explicit reopen. */
export function isLocked(signatures: readonly Signature[]): boolean {
  return validSignatures(signatures).length > 0;
}

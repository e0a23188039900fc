// Photo and signature bytes, content-addressed: stored once per SHA-256 (by default a
// file under DATA_DIR/blobs, see storage/blob-bytes.ts), whoever uploaded it; a row per
// organisation says who may read it.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { failpoint } from '../failpoints';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { FolderBlobBytes, type BlobBytes } from '../storage/blob-bytes';
import type { Schema } from '../storage/schema';

export const BLOB_TYPES = ['image/jpeg', 'image/png'] as const;
export type BlobType = (typeof BLOB_TYPES)[number];

export class BlobTooLargeError extends Error {}
export class BlobHashMismatchError extends Error {}

export class BlobStore {
  private readonly tmp: string;

  /** Uploads are received and verified in DATA_DIR/blobs/tmp, then handed to `bytes`. */
  constructor(
    dataDir: string,
    readonly maxBytes: number,
    private readonly bytes: BlobBytes = new FolderBlobBytes(join(dataDir, 'blobs')),
  ) {
    this.tmp = join(dataDir, 'blobs', 'tmp');
    // Uploads cut off mid-way left only temp files: nothing refers to them.
    rmSync(this.tmp, { recursive: true, force: true });
    mkdirSync(this.tmp, { recursive: true });
  }

  /**
   * Store an upload if its bytes hash to `sha256`, and note that this user holds them.
   * The body is always read and verified (unless this user proved it before): knowing a
   * hash must not be enough to read a photo, another organisation's or a colleague's.
   * Returns whether the bytes were new to this organisation: whether another one holds
   * the same bytes is not the uploader's to learn (a photo's hash would tell who has it).
   */
  async put(
    db: Kysely<Schema>,
    uploader: { orgId: number; userId: number },
    sha256: string,
    mime: BlobType,
    body: ReadableStream<Uint8Array>,
  ): Promise<{ stored: boolean }> {
    const { orgId, userId } = uploader;
    const known = await this.row(db, orgId, sha256);
    const proved = await db
      .selectFrom('blob_uploads')
      .select('sha256')
      .where('sha256', '=', sha256)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (proved && known) {
      await body.cancel();
      return { stored: false };
    }
    const temp = join(this.tmp, randomUUID());
    try {
      const bytes = await this.receive(body, temp, sha256);
      // The bytes first: a row never points at bytes that are not there.
      await this.bytes.putFile(sha256, temp);
      await db
        .insertInto('blobs')
        .values({ org_id: orgId, sha256, bytes, mime, created_at: Date.now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await db
        .insertInto('blob_uploads')
        .values({ sha256, user_id: userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
      failpoint('blob-after-row');
      return { stored: !known };
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Whether this organisation may read the blob (so an upload can be skipped), and its size. */
  async has(db: Kysely<Schema>, orgId: number, sha256: string): Promise<{ bytes: number; mime: string } | undefined> {
    return this.row(db, orgId, sha256);
  }

  /** The blob's bytes if this organisation may read it. */
  async get(db: Kysely<Schema>, orgId: number, sha256: string): Promise<{ data: Buffer; mime: string } | undefined> {
    const row = await this.row(db, orgId, sha256);
    if (!row) return undefined;
    return { data: await this.bytes.read(sha256), mime: row.mime };
  }

  private row(db: Kysely<Schema>, orgId: number, sha256: string) {
    return db
      .selectFrom('blobs')
      .select(['mime', 'bytes'])
      .where('org_id', '=', orgId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  }

  private async receive(body: ReadableStream<Uint8Array>, temp: string, sha256: string): Promise<number> {
    const hash = createHash('sha256');
    const file = createWriteStream(temp);
    let bytes = 0;
    try {
      for await (const chunk of body) {
        bytes += chunk.byteLength;
        if (bytes > this.maxBytes) throw new BlobTooLargeError(`a blob may have at most ${this.maxBytes} bytes`);
        hash.update(chunk);
        if (!file.write(chunk)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
      }
    } finally {
      file.end();
      await finished(file);
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) throw new BlobHashMismatchError(`the bytes hash to ${actual}, not ${sha256}`);
    return bytes;
  }
}

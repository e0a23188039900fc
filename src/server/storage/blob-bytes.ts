// Where photo and signature bytes live: by their SHA-256, outside the database rows.
// A folder by default; an S3-compatible object store implements the same three methods
// (README, "Where photos are kept"). Who may read a blob is not here: that is a row in
// the database (services/blobs.ts), so the bytes store needs no access control of its own.
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeDurableSteps, type DurableSteps } from './durable-fs';
import { failpoint } from '../failpoints';

export interface BlobBytes {
  /** Whether the bytes of `sha256` are stored. */
  has(sha256: string): Promise<boolean>;
  /**
   * Keep `file` (a local file whose bytes were verified to hash to `sha256`) as those
   * bytes. The same hash always means the same bytes, so when they are there already
   * nothing changes; `stored` says whether they were new. The file may be moved away.
   * Once it resolves the bytes are on the disk, power loss included.
   */
  putFile(sha256: string, file: string): Promise<{ stored: boolean }>;
  /** The bytes of `sha256`, which must be stored. */
  read(sha256: string): Promise<Buffer>;
}

/** One file per hash under `root`, in folders by its first two hex digits. */
export class FolderBlobBytes implements BlobBytes {
  constructor(
    readonly root: string,
    private readonly steps: DurableSteps = nodeDurableSteps,
  ) {
    mkdirSync(root, { recursive: true });
  }

  has(sha256: string): Promise<boolean> {
    return Promise.resolve(existsSync(this.path(sha256)));
  }

  async putFile(sha256: string, file: string): Promise<{ stored: boolean }> {
    const path = this.path(sha256);
    const folder = join(this.root, sha256.slice(0, 2));
    // Bytes already there may be another upload's that has not flushed their directory
    // yet: flush it before saying so.
    if (await this.has(sha256)) {
      await this.steps.syncDirectory(folder);
      return { stored: false };
    }
    mkdirSync(folder, { recursive: true });
    // The folder's own entry lives in the root directory: flushed every time, since a
    // concurrent upload may have just made the folder and not flushed the root yet.
    await this.steps.syncDirectory(this.root);
    await this.steps.syncFile(file);
    failpoint('blob-before-rename');
    // rename is atomic: a reader sees the whole file or none.
    await this.steps.rename(file, path);
    await this.steps.syncDirectory(folder);
    failpoint('blob-after-rename');
    return { stored: true };
  }

  read(sha256: string): Promise<Buffer> {
    return readFile(this.path(sha256));
  }

  private path(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }
}

// What makes a write survive power loss, not only a crash: the file's bytes reach the
// disk (fsync) before it is renamed into place, and the directory entry of the rename
// reaches the disk (fsync of the directory) before the server answers. Without the
// first, a power cut after the rename can leave a file of the right name with no bytes;
// without the second, the rename itself can be lost after the phone was told "stored".
import { open, rename } from 'node:fs/promises';

/** The file-system steps a durable write takes, so a test can see their order. */
export interface DurableSteps {
  syncFile(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  syncDirectory(path: string): Promise<void>;
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const nodeDurableSteps: DurableSteps = {
  syncFile: (path) => fsyncPath(path, 'r+'),
  rename,
  // Linux lets a directory be opened read-only and fsync'd: that flushes its entries.
  syncDirectory: (path) => fsyncPath(path, 'r'),
};

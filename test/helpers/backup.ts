// A sync server that can be backed up and restored the way the README tells an admin to
// ("PostgreSQL, backups and where photos are kept"), behind one address that stays put
// while the server process is stopped and started again: phones keep their server URL.
//
//   SQLite:      an online snapshot (better-sqlite3's backup API, as `sqlite3 .backup`);
//                restore = stop, put the file back, remove the stale -wal/-shm, start.
//   PostgreSQL:  `pg_dump -Fc` while the server runs; restore = stop, drop and create the
//                database empty, `pg_restore` into it, start.
// The blob folder DATA_DIR/blobs stays as it is: content-addressed, files never change.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_FILE } from '../../src/server/storage/sqlite';
import type { RunningServer } from './server';
import { startSyncServer } from './sync-harness';
import { databaseEnv, databaseOf, TEST_DATABASE_URL } from './test-backend';

const run = promisify(execFile);

/** One backup of the server's database (the blob folder is not part of it). */
export interface Backup {
  readonly file: string;
}

/** Where Debian keeps the PostgreSQL client tools (scripts/tools/pg-throwaway.sh looks there too). */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? join(base, versions[0], 'bin', name) : name;
}

/**
 * A TCP relay on a fixed port to wherever the server process listens now: the phones'
 * server address survives a restart (as a real office server's does).
 */
class Relay {
  private target = 0;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly listener: Server,
    readonly port: number,
  ) {}

  static async open(): Promise<Relay> {
    const listener = createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    if (!address || typeof address !== 'object') throw new Error('relay: no port');
    const relay = new Relay(listener, address.port);
    listener.on('connection', (client) => relay.pipe(client));
    return relay;
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }

  /** Send new connections to this port; connections to the previous process are cut. */
  pointAt(port: number): void {
    this.target = port;
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.listener.close(() => resolve()));
  }
}

/** The real server process on a seeded data folder, with backup and restore. */
export class RestorableServer {
  private constructor(
    readonly dataDir: string,
    private readonly relay: Relay,
    private process: RunningServer | undefined,
    private readonly env: Record<string, string>,
  ) {}

  static async start(dataDir: string, env: Record<string, string> = {}): Promise<RestorableServer> {
    const relay = await Relay.open();
    const server = new RestorableServer(dataDir, relay, undefined, env);
    await server.startProcess();
    return server;
  }

  /** The address phones use: the same across restarts. */
  get url(): string {
    return `http://127.0.0.1:${this.relay.port}`;
  }

  /** What the current server process printed. */
  output(): string {
    return this.process?.output() ?? '';
  }

  private async startProcess(): Promise<void> {
    this.process = await startSyncServer(this.dataDir, this.env);
    this.relay.pointAt(this.process.port);
  }

  private async stopProcess(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }

  async restart(): Promise<void> {
    await this.stopProcess();
    await this.startProcess();
  }

  async stop(): Promise<void> {
    await this.stopProcess();
    await this.relay.close();
  }

  /** A consistent copy of the database, taken while the server runs (as the README says). */
  async backup(): Promise<Backup> {
    const dir = mkdtempSync(join(tmpdir(), 'xunjian-backup-'));
    const { databaseUrl } = databaseOf(this.dataDir);
    if (databaseUrl) {
      const file = join(dir, 'xunjian.dump');
      await run(pgTool('pg_dump'), ['-Fc', '-d', databaseUrl, '-f', file]);
      return { file };
    }
    const file = join(dir, SQLITE_FILE);
    const live = new Database(join(this.dataDir, SQLITE_FILE), { fileMustExist: true });
    try {
      await live.backup(file);
    } finally {
      live.close();
    }
    return { file };
  }

  /** Stop the server, put the backup back in place of the database, start the server. */
  async restore(backup: Backup): Promise<void> {
    await this.stopProcess();
    const { databaseUrl } = databaseOf(this.dataDir);
    if (databaseUrl) {
      const name = new URL(databaseUrl).pathname.slice(1);
      if (!/^[a-z0-9_]+$/.test(name) || !TEST_DATABASE_URL) throw new Error(`restore: unexpected database ${name}`);
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      await run(pgTool('pg_restore'), ['--exit-on-error', '-d', databaseUrl, backup.file]);
    } else {
      const live = join(this.dataDir, SQLITE_FILE);
      for (const stale of [`${live}-wal`, `${live}-shm`]) rmSync(stale, { force: true });
      copyFileSync(backup.file, live);
    }
    await this.startProcess();
  }

  /** `npm run admin -- <args>` on this server's database, as the admin runs it beside the server. */
  admin(...args: string[]): Promise<string> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...databaseEnv(this.dataDir) };
    if (!databaseOf(this.dataDir).databaseUrl) delete env.DATABASE_URL;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/admin.ts', ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(output) : reject(new Error(`admin ${args.join(' ')} exited ${code}:\n${output}`)),
      );
    });
  }
}

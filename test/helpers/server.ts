import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
  /** End the process with a signal, e.g. SIGKILL to crash it with no chance to clean up. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** Everything the process printed so far (stdout and stderr). */
  output: () => string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A copy of the production build (dist/, or STATIC_DIR when set), for a suite that must
 * not see a rebuild made while it runs: a changed build is a new version, and the app
 * rightly offers it (the WebKit "update banner with no new build" was that).
 */
export function snapshotOfBuild(): string {
  const copy = mkdtempSync(join(tmpdir(), 'xunjian-build-'));
  cpSync(process.env.STATIC_DIR ?? 'dist', copy, { recursive: true });
  return copy;
}

/** Start the real server (`src/server/main.ts`) on 127.0.0.1, serving the production build in dist/. */
export async function startServer(
  env: Record<string, string> = {},
  scheme: 'http' | 'https' = 'http',
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'xunjian-data-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `${scheme}://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      // Readiness is a TCP connect, so it works for http and https alike.
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.end();
          resolve();
        });
        socket.on('error', reject);
      });
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const kill = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { url, port, stop: () => kill('SIGTERM'), kill, output: () => output };
}

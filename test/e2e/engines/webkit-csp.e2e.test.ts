// WebKit's own complaints about the Content-Security-Policy (an unrecognized directive is
// not a violation, so no page script sees it). WebKitWebDriver gives no console at all,
// and MiniBrowser's --enable-write-console-messages-to-stdout applies only to the
// windows it opens itself, not to automation sessions: so MiniBrowser runs on its own
// here, and its output is read once the page has gone as far as fetching its manifest.
import { spawn } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer, snapshotOfBuild } from '../../helpers/server';
import { MINIBROWSER } from './driver-webkit';

let server: RunningServer;
let proxy: Server;
/** Paths the browser asked for, in order: the proxy in front of the server notes them. */
const requested: string[] = [];
beforeAll(async () => {
  server = await startServer({ STATIC_DIR: snapshotOfBuild() });
  const upstream = new URL(server.url);
  proxy = createServer((req, res) => {
    requested.push(req.url ?? '');
    const up = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await server?.stop();
});

describe('the CSP in WebKit', () => {
  it('has no directive WebKit does not know, and still lets the manifest load', async () => {
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`;
    const home = mkdtempSync(join(tmpdir(), 'xunjian-minibrowser-'));
    const browser = spawn(
      'xvfb-run',
      ['-a', '-s', '-screen 0 1280x1024x24', MINIBROWSER, '--enable-write-console-messages-to-stdout=true', url],
      {
        env: { ...process.env, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    let messages = '';
    browser.stdout.on('data', (d: Buffer) => (messages += d.toString()));
    browser.stderr.on('data', (d: Buffer) => (messages += d.toString()));
    const closed = new Promise((resolve) => browser.once('close', resolve));
    try {
      // The policy is parsed with the page's headers, long before the manifest is asked for.
      const deadline = Date.now() + 90_000;
      while (!requested.includes('/manifest.webmanifest') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(requested).toContain('/manifest.webmanifest');
    } finally {
      process.kill(-browser.pid!, 'SIGTERM');
      await closed; // every byte the browser wrote has been read
    }
    expect(messages.split('\n').filter((line) => line.startsWith('CONSOLE SECURITY'))).toEqual([]);
  }, 180_000);
});

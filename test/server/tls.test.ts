import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server';

// Phones only run service workers over https, so the server can terminate TLS itself.
describe('https', () => {
  let server: RunningServer | undefined;
  afterAll(() => server?.stop());

  it('serves over TLS when TLS_CERT and TLS_KEY are given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xunjian-tls-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=127.0.0.1',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      {
        stdio: 'ignore',
      },
    );
    server = await startServer({ TLS_CERT: cert, TLS_KEY: key }, 'https');
    const body = await new Promise<string>((resolve, reject) => {
      get(`${server!.url}/healthz`, { rejectUnauthorized: false }, (res) => {
        let data = '';
        res.on('data', (d: Buffer) => (data += d.toString()));
        res.on('end', () => resolve(data));
      }).on('error', reject);
    });
    expect(server.url).toMatch(/^https:/);
    expect(JSON.parse(body)).toEqual({ ok: true });
  });
});

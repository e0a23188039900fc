import { mkdirSync, readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { networkInterfaces } from 'node:os';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { loadConfig } from './config';
import { createLogger } from './log';
import { countUsers } from './services/accounts';
import { BlobStore } from './services/blobs';
import { LoginThrottle } from './services/login-throttle';
import { keepSecurityLogPruned } from './services/retention';
import { migrateToLatest } from './storage/migrate';
import { openStorage } from './storage/open';
import { shutDownGracefully } from './shutdown';

const config = loadConfig();
const log = createLogger(config.logLevel);
mkdirSync(config.dataDir, { recursive: true });
const storage = openStorage(config);
const applied = await migrateToLatest(storage.db);
if (applied.length) log('info', 'migrated', { applied });
const throttle = new LoginThrottle(storage.db);
const blobs = new BlobStore(config.dataDir, config.maxBlobBytes);
const deps = { storage, blobs, throttle, trustedProxies: config.trustedProxies };
const stopPruning = keepSecurityLogPruned(storage.db, throttle, config.securityLogDays, log);
if ((await countUsers(storage.db)) === 0) {
  const env = `DATA_DIR=${JSON.stringify(config.dataDir)}`;
  log('warn', 'no accounts yet', { dataDir: config.dataDir });
  console.log(
    [
      '',
      '  No accounts yet. Create the first organisation and its admin:',
      `    ${env} npm run admin -- create-org "某某单位"`,
      `    ${env} npm run admin -- create-user --org "某某单位" --name admin --role admin`,
      '',
    ].join('\n'),
  );
}

const scheme = config.tls ? 'https' : 'http';
const tlsOptions = config.tls
  ? {
      createServer: createHttpsServer,
      serverOptions: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
    }
  : {};
const server = serve(
  { fetch: createApp(config, log, deps).fetch, port: config.port, hostname: config.host, ...tlsOptions },
  (info) => {
    const urls =
      config.host === '0.0.0.0'
        ? [
            `${scheme}://127.0.0.1:${info.port}/`,
            ...Object.values(networkInterfaces())
              .flat()
              .filter((n) => n && n.family === 'IPv4' && !n.internal)
              .map((n) => `${scheme}://${n?.address}:${info.port}/`),
          ]
        : [`${scheme}://${config.host}:${info.port}/`];
    log('info', 'listening', {
      port: info.port,
      urls,
      staticDir: config.staticDir,
      dataDir: config.dataDir,
      storage: storage.dialect,
    });
    console.log(`\n  巡检 xunjian is running:\n${urls.map((u) => `    ${u}`).join('\n')}\n`);
  },
);

shutDownGracefully(server as HttpServer, log, () => {
  stopPruning();
  return storage.close();
});

// Issue 12: WebKit once showed "新版本可用" with no new build. Everything that could make
// a browser believe in an update — reloads, moving between screens, a reload offline,
// an update check — must leave the banner away and nothing waiting; a real new version
// (the positive control: the test can fail) must show it. Needs what the walk needs
// (webkit2gtk-driver, firefox-esr, xvfb).
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../helpers/server';
import { poll, type EngineDriver } from './driver';
import { launchFirefox } from './driver-firefox';
import { launchWebKit } from './driver-webkit';
import { EngineInspector } from './inspector';

/** The build the other e2e tests serve: dist/, or STATIC_DIR as the server itself reads it. */
const BUILD = process.env.STATIC_DIR ?? 'dist';

const engines = [
  { engine: 'WebKit', launch: () => launchWebKit() },
  { engine: 'Firefox', launch: () => launchFirefox() },
];

/**
 * Neither driver can emulate offline, and a stopped server cannot come back on its port
 * (startServer picks a free one): the page talks to this proxy instead, which forwards
 * to the server, or while `offline` drops every connection as a dead network does.
 */
interface SwitchableProxy {
  url: string;
  setOffline(offline: boolean): void;
  /** The status of every sw.js fetch so far (an update check is one). */
  workerFetches: string[];
  close(): Promise<void>;
}

async function startProxy(upstream: URL): Promise<SwitchableProxy> {
  let offline = false;
  const sockets = new Set<Socket>();
  const workerFetches: string[] = [];
  const proxy: Server = createServer((req, res) => {
    if (offline) return void req.socket.destroy();
    const up = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        if (req.url === '/sw.js') workerFetches.push(String(answer.statusCode));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  proxy.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    setOffline(value) {
      offline = value;
      // Kept-alive connections die with the network too.
      if (value) for (const socket of sockets) socket.destroy();
    },
    workerFetches,
    close: () => new Promise((resolve) => proxy.close(() => resolve())),
  };
}

type Log = { __swLog?: string[] };

/**
 * In the page (self-contained): note what the page hears of its service workers, with
 * times, and when the banner appears — the sequence to read if the test ever fails.
 */
function watchServiceWorker(): void {
  const w = window as unknown as Log;
  if (w.__swLog) return;
  const log: string[] = (w.__swLog = []);
  const note = (what: string) => log.push(`${Math.round(performance.now())} ms ${what}`);
  const sw = navigator.serviceWorker;
  let controller = sw.controller;
  note(`watching; controller ${controller?.state ?? 'none'}`);
  sw.addEventListener('controllerchange', () => {
    const next = sw.controller;
    const which = next === controller ? 'the same object' : controller ? 'another worker' : 'the first controller';
    note(`controllerchange to ${which} (${next?.state})`);
    controller = next;
  });
  const follow = (name: string, worker: ServiceWorker | null) => {
    if (!worker) return;
    note(`${name} worker ${worker.state}`);
    worker.addEventListener('statechange', () => note(`${name} worker → ${worker.state}`));
  };
  const attach = (): void =>
    void sw.getRegistration().then((r) => {
      if (!r) return void setTimeout(attach, 50);
      follow('installing', r.installing);
      follow('waiting', r.waiting);
      follow('active', r.active);
      r.addEventListener('updatefound', () => {
        note('updatefound');
        follow('new', r.installing);
      });
    });
  attach();
  let shown = false;
  new MutationObserver(() => {
    const now = [...document.querySelectorAll('.banner')].some((el) => el.textContent?.includes('新版本可用'));
    if (now !== shown) note(now ? 'banner shown' : 'banner gone');
    shown = now;
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
}

interface Facts {
  banner: boolean;
  controller: string | null;
  installing: string | null;
  waiting: string | null;
  /** navigator.serviceWorker.controller is registration.active (sw-bridge compares by identity). */
  controllerIsActive: boolean;
  log: string[];
}

/** In the page: the banner, the registration's workers (their states), the log. */
function facts(): Promise<Facts> {
  return navigator.serviceWorker.getRegistration().then((r) => {
    const controller = navigator.serviceWorker.controller;
    return {
      banner: [...document.querySelectorAll('.banner')].some((el) => el.textContent?.includes('新版本可用')),
      controller: controller?.state ?? null,
      installing: r?.installing?.state ?? null,
      waiting: r?.waiting?.state ?? null,
      controllerIsActive: !!controller && controller === r?.active,
      log: (window as unknown as Log).__swLog ?? [],
    };
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(engines)('no update banner without a new build in $engine', ({ launch }) => {
  // A deployment of its own (a copy of the build), so that the control can publish a new version.
  let deployment: string;
  let server: RunningServer;
  let proxy: SwitchableProxy;
  let driver: EngineDriver;
  beforeAll(async () => {
    deployment = mkdtempSync(join(tmpdir(), 'xunjian-deploy-'));
    cpSync(BUILD, deployment, { recursive: true });
    server = await startServer({ STATIC_DIR: deployment });
    proxy = await startProxy(new URL(server.url));
    driver = await launch();
  }, 120_000);
  afterAll(async () => {
    await driver?.quit();
    await proxy?.close();
    await server?.stop();
    if (deployment) rmSync(deployment, { recursive: true, force: true });
  });

  it('through reloads, screens, offline and update checks, yet shows a real new version', async () => {
    const app = new EngineInspector(driver, proxy.url);
    const steps: string[] = [];
    /** Once no worker installs and one controls the page, past workbox-window's 200 ms before `waiting`. */
    const settle = async (step: string) => {
      await driver.evaluate(watchServiceWorker);
      await poll(
        async () => {
          const now = await driver.evaluate(facts);
          return now.controller && !now.installing ? now : null;
        },
        `${step}: a quiet service worker in ${driver.engine}`,
        30_000,
      );
      await pause(1000);
      const now = await driver.evaluate(facts);
      steps.push(step);
      const story = `after ${steps.join(' → ')}; sw.js fetches ${proxy.workerFetches.join(',')}\n${now.log.join('\n')}`;
      return { now, story };
    };
    const noUpdate = async (step: string) => {
      const { now, story } = await settle(step);
      expect({ banner: now.banner, waiting: now.waiting, controllerIsActive: now.controllerIsActive }, story).toEqual({
        banner: false,
        waiting: null,
        controllerIsActive: true,
      });
    };
    const list = { css: 'h1', text: '检查列表' };

    // The first visit: the first worker installs and claims the page.
    await app.open();
    await driver.evaluate(watchServiceWorker);
    await app.waitForServiceWorker();
    await noUpdate('first visit');

    for (let i = 1; i <= 3; i++) {
      await driver.reload();
      await app.waitFor(list);
      await noUpdate(`reload ${i}`);
    }

    // In the app: list → new inspection → back; then a new inspection's URL loaded afresh.
    await driver.click({ css: 'a', text: '新建检查' });
    await app.waitFor({ css: 'input[name=unit]' });
    await noUpdate('new inspection');
    await driver.evaluate(() => history.back());
    await app.waitFor(list);
    await noUpdate('back to the list');
    await app.open('/new');
    await app.waitFor({ css: 'input[name=unit]' });
    await noUpdate('/new loaded');
    await driver.click({ css: 'a.brand' });
    await app.waitFor(list);

    // Offline: the reload comes from the service worker, its update check fails.
    proxy.setOffline(true);
    await driver.reload();
    await app.waitFor(list);
    const reached = () =>
      fetch('/healthz').then(
        () => 'reached',
        () => 'unreachable',
      );
    expect(await driver.evaluate(reached)).toBe('unreachable');
    await noUpdate('offline reload');
    proxy.setOffline(false);
    expect(await driver.evaluate(reached)).toBe('reached');
    await noUpdate('online again');

    // An explicit update check against the same sw.js.
    const fetchesBefore = proxy.workerFetches.length;
    await driver.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await pause(3000);
    expect(proxy.workerFetches.length).toBeGreaterThan(fetchesBefore); // the check did ask the server
    await noUpdate('update()');
    await driver.reload();
    await app.waitFor(list);
    await noUpdate('reload 4');

    // The control: a real new version is offered.
    appendFileSync(join(deployment, 'sw.js'), '\n// deployment 2\n');
    await driver.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
    await app.until(async () => (await driver.evaluate(facts)).banner, 'the banner for a new version', 30_000);
    expect((await driver.evaluate(facts)).waiting).toBe('installed');

    // Accepted: the new worker takes over, the page reloads, and nothing is offered any more.
    await driver.evaluate(() => ((window as unknown as { beforeAccept: boolean }).beforeAccept = true));
    await driver.click({ css: '.banner button', text: '重新加载' });
    await app.until(
      () => driver.evaluate(() => !('beforeAccept' in window) && document.readyState === 'complete').catch(() => false), // between documents
      'the reload into the new version',
      30_000,
    );
    await app.waitFor(list);
    await noUpdate('accepted the new version');
  }, 120_000);
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../src/shared/evidence';
import type { Answer, RoomVisit } from '../../src/shared/inspection';
import { orientedJpeg, phonePhoto } from '../helpers/jpeg';
import { Device, PASSWORD, rows, seedDataDir, VERSIONS } from '../helpers/sync-harness';
import { CHROMIUM_ARGS, killBrowser, launchProfile, PHONE } from '../helpers/browser';
import { blobFacts, readTable } from '../helpers/idb';
import { startNetworkTap, type NetworkTap } from '../helpers/network-tap';
import { SyncApp } from '../helpers/page-models/sync';
import { startServer, type RunningServer } from '../helpers/server';

const UNIT = '某县堃镕人民法院';
const MACHINE_ROOM = '一号机房';
const OFFICE = '院长办公室';
const COMMENT = '请补拍机房门禁照片';
const OFFLINE = '无法连接单位服务器。记录已保存在本机，联网后会自动同步。';
const BUSY = '另一个标签页正在同步。';

let dataDir: string;
let server: RunningServer;
let tap: NetworkTap;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dataDir = await seedDataDir();
  server = await startServer({ DATA_DIR: dataDir });
  // Every browser talks to the server through the tap (one origin for all of them).
  tap = await startNetworkTap(server.url);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await tap?.close();
  await server?.stop();
});

/** A phone of its own: its own IndexedDB, service worker and network, and one page. */
async function phone(): Promise<{ context: BrowserContext; app: SyncApp }> {
  const context = await browser.newContext({ ...PHONE, locale: 'zh-CN', acceptDownloads: true });
  contexts.push(context);
  // Count the ticks of the app's periodic sync (setInterval of minutes), so a sync can
  // be told apart from the one the `online` event started.
  await context.addInitScript(() => {
    const w = window as unknown as { periodicTicks: number };
    w.periodicTicks = 0;
    const setIntervalOf = window.setInterval.bind(window);
    window.setInterval = ((handler: () => void, ms?: number) =>
      setIntervalOf(
        (ms ?? 0) >= 60_000
          ? () => {
              w.periodicTicks++;
              handler();
            }
          : handler,
        ms,
      )) as typeof window.setInterval;
  });
  const app = new SyncApp(await context.newPage(), tap.url);
  return { context, app };
}

/** Poll until the condition holds: the app syncs in the background, on its own time. */
const soon = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

const inspectionIdOf = (page: Page) => new URL(page.url()).pathname.split('/')[2]!;

async function deviceIdOf(page: Page): Promise<string> {
  const settings = await readTable<{ key: string; value: { deviceId: string } }>(page, 'settings');
  return settings.find((s) => s.key === 'sync.account')!.value.deviceId;
}

const serverRooms = (inspectionId: string) =>
  rows(dataDir, `select body from records where kind = 'room' and inspection_id = ?`, inspectionId).map(
    (r) => (JSON.parse(r.body as string) as RoomVisit).name,
  );

const livePhotos = async (page: Page) => (await readTable<Photo>(page, 'photos')).filter((p) => !p.removedAt);

/** The sha256 of every live photo, after checking that its stored bytes hash to it. */
async function verifiedPhotos(page: Page): Promise<string[]> {
  const photos = await livePhotos(page);
  for (const p of photos) expect((await blobFacts(page, p.sha256)).computedSha256).toBe(p.sha256);
  return photos.map((p) => p.sha256).sort();
}

async function openInspection(app: SyncApp): Promise<void> {
  await app.openList();
  await app.listRow(UNIT).locator('a.card-link').click();
  await app.page.locator('.room-list, .empty').first().waitFor();
}

let inspectionId = '';
let a1: { context: BrowserContext; app: SyncApp };
let a2: { context: BrowserContext; app: SyncApp };
let photoShas: string[] = [];

describe('sync between phones and the office', () => {
  it('merges two phones’ offline work; the `online` event syncs by itself', async () => {
    [a1, a2] = [await phone(), await phone()];
    await a1.app.signIn('a1', PASSWORD);
    await a1.app.waitForServiceWorker();
    await a1.app.newInspection({ unit: UNIT, inspectors: ['王堃'] });
    inspectionId = inspectionIdOf(a1.app.page);
    expect(await a1.app.syncNow()).toMatchObject({ ok: true });
    expect(rows(dataDir, 'select unit from inspections where id = ?', inspectionId)).toEqual([{ unit: UNIT }]);

    await a2.app.signIn('a2', PASSWORD);
    await a2.app.waitForServiceWorker();
    expect(await a2.app.syncNow()).toMatchObject({ ok: true });
    // a2's phone holds only its own work: nothing of a1's yet.
    await a2.app.openList();
    expect(await a2.app.listRow(UNIT).count()).toBe(0);

    // a1 adds a2 to the inspection, choosing by name (the server decides, online).
    await openInspection(a1.app);
    await a1.app.addParticipant('a2');
    expect(rows(dataDir, 'select user_id from inspection_members where inspection_id = ?', inspectionId)).toHaveLength(
      2,
    );
    expect(await a2.app.syncNow()).toMatchObject({ ok: true });
    await a2.app.openList();
    await a2.app.listRow(UNIT).waitFor();
    expect(await a2.app.listRow(UNIT).getByTestId('shared-by').textContent()).toBe('a1 与你共享了这条检查');

    // Both phones lose the network and keep working.
    await a1.context.setOffline(true);
    await a2.context.setOffline(true);
    await openInspection(a1.app);
    await a1.app.addRoom('机房', MACHINE_ROOM);
    await a1.app.openRoom(MACHINE_ROOM);
    await a1.app.answer(0, '符合');
    await a1.app.answer(1, '不适用');
    await a1.app.attachPhoto(0, orientedJpeg(6));
    await openInspection(a2.app);
    await a2.app.addRoom('办公室', OFFICE);
    await a2.app.openRoom(OFFICE);
    await a2.app.answer(0, '符合');
    await a2.app.attachPhoto(0, orientedJpeg(8));

    for (const { app } of [a1, a2]) {
      await app.openList();
      await soon(() => app.badge(UNIT).getAttribute('data-state')).toBe('pending');
      // A manual sync offline says so plainly: an information, not an error.
      expect(await app.syncNow()).toEqual({ ok: false, text: OFFLINE });
      expect(await app.page.getByTestId('sync-error').getAttribute('class')).toContain('banner-info');
      expect(await app.page.getByTestId('sync-indicator').getAttribute('class')).not.toContain('failed');
      await app.openList();
    }
    expect(serverRooms(inspectionId)).not.toContain(MACHINE_ROOM);

    // a1 comes back: nobody taps anything, the `online` event starts the sync.
    const pushed = a1.app.page.waitForRequest((r) => r.url().endsWith('/api/sync/push'));
    await a1.context.setOffline(false);
    await pushed;
    await soon(() => a1.app.badge(UNIT).getAttribute('data-state')).toBe('synced');
    await soon(() => serverRooms(inspectionId)).toContain(MACHINE_ROOM);
    expect(await a1.app.page.evaluate(() => (window as unknown as { periodicTicks: number }).periodicTicks)).toBe(0);

    // a2 comes back too (its own `online` sync sends the office), then a1 syncs by hand.
    await a2.context.setOffline(false);
    await soon(() => serverRooms(inspectionId)).toContain(OFFICE);
    await a2.app.syncIdle();
    expect(await a1.app.syncNow()).toMatchObject({ ok: true });

    for (const { app } of [a1, a2]) {
      await app.openList();
      await soon(() => app.badge(UNIT).getAttribute('data-state')).toBe('synced');
      expect(await app.badge(UNIT).textContent()).toMatch(/^已同步 /);
      await openInspection(app);
      await soon(() => app.page.locator('.room-name').allTextContents()).toEqual(
        expect.arrayContaining([MACHINE_ROOM, OFFICE]),
      );
      await soon(async () => (await livePhotos(app.page)).length).toBe(2);
    }
    photoShas = await verifiedPhotos(a1.app.page);
    expect(await verifiedPhotos(a2.app.page)).toEqual(photoShas);
    expect(rows(dataDir, 'select sha256 from blobs order by sha256').map((r) => r.sha256)).toEqual(photoShas);
    const answers = rows(dataDir, `select body from records where kind = 'answer' and inspection_id = ?`, inspectionId);
    expect(answers.map((r) => (JSON.parse(r.body as string) as Answer).result).sort()).toEqual(['na', 'pass', 'pass']);
  });

  it('lets the reviewer find it, read it, print it and return it; the inspector sees why', async () => {
    const ra = await phone();
    const { app, context } = ra;
    await app.signIn('ra', PASSWORD);
    await app.syncIdle();
    // The reviewer pulls nobody's inspections: this phone holds none of them.
    expect(await readTable(app.page, 'inspections')).toEqual([]);

    // The server's list with its filters: filtered, sorted and paged on the server.
    const filters = app.page.getByTestId('office-filters');
    await app.serverRow(UNIT).waitFor();
    await filters.locator('input[name=unit]').fill('堃镕');
    await app.serverRow(UNIT).waitFor();
    await filters.locator('input[name=unit]').fill('某县人民医院');
    await soon(() => app.serverRow(UNIT).count()).toBe(0);
    expect(await app.page.getByTestId('server-list').locator('.empty').textContent()).toBe('没有符合条件的检查。');
    await filters.locator('input[name=unit]').fill('');
    await filters.locator('select[name=inspector]').selectOption({ label: 'a2' });
    await app.serverRow(UNIT).waitFor();
    expect(await app.serverRow(UNIT).locator('.participants').textContent()).toBe('a1、a2');
    await filters.locator('select[name=inspector]').selectOption({ label: 'a3' });
    await soon(() => app.serverRow(UNIT).count()).toBe(0);
    await filters.locator('select[name=inspector]').selectOption('');
    expect(await app.page.getByRole('link', { name: '新建检查' }).count()).toBe(0);

    // Opened on demand: its records come, its photos' bytes only as they are shown.
    await app.openFromServer(UNIT);
    expect((await readTable(app.page, 'inspections')).map((i) => (i as { id: string }).id)).toEqual([inspectionId]);
    expect(await readTable(app.page, 'blobs')).toEqual([]);

    // Read-only: no way to change a result, both photos shown, their bytes fetched as shown.
    await app.page.getByTestId('reviewer-read-only').waitFor();
    for (const room of [MACHINE_ROOM, OFFICE]) {
      await app.openRoom(room);
      await app.page.getByTestId('reviewer-read-only').waitFor();
      expect(await app.page.locator('.results button').count()).toBeGreaterThan(0);
      expect(await app.page.locator('.results button:enabled').count()).toBe(0);
      expect(await app.page.getByTestId('photo-camera').count()).toBe(0);
      const img = app.page.locator('.room-photos img');
      await img.waitFor();
      expect(photoShas).toContain(await img.getAttribute('data-sha256'));
      await soon(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(300);
      // The first item's versions, one tap away: who answered it, and when.
      const history = app.page.locator('.item').first().getByTestId('record-history').first();
      await history.getByTestId('history-toggle').click();
      await history.getByTestId('history-version').first().waitFor();
      expect(await history.getByTestId('history-version').first().textContent()).toMatch(
        room === MACHINE_ROOM ? /^符合 a1，.*当前$/ : /^符合 a2，.*当前$/,
      );
      await app.page.getByRole('link', { name: '返回' }).click();
    }

    // The PDF record, made on the reviewer's phone from what the two inspectors recorded.
    await app.page.goto(`${tap.url}/i/${inspectionId}/summary`);
    await app.unlockIfLocked();
    const panel = app.page.getByTestId('review-panel');
    await panel.waitFor();
    await app.page.getByRole('button', { name: '生成检查记录 PDF' }).click();
    await app.page.getByTestId('pdf-ready').waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([
      app.page.waitForEvent('download'),
      app.page.getByRole('link', { name: '下载' }).click(),
    ]);
    const file = join(mkdtempSync(join(tmpdir(), 'xunjian-dl-')), 'record.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const words of [UNIT, MACHINE_ROOM, OFFICE]) expect(text).toContain(words);

    // Returned with a comment: it reaches the server, and a1 on its next sync.
    await panel.locator('textarea').fill(COMMENT);
    await panel.getByTestId('review-return').click();
    await soon(() =>
      rows(dataDir, `select body from records where kind = 'review' and inspection_id = ?`, inspectionId),
    ).toHaveLength(1);
    const [review] = rows(dataDir, `select body from records where kind = 'review'`);
    expect(JSON.parse(review!.body as string)).toMatchObject({ status: 'returned', comment: COMMENT, by: 'ra' });
    await app.openList();
    await filters.locator('select[name=status]').selectOption('returned');
    await app.serverRow(UNIT).getByTestId('status-tag').waitFor();
    expect(await app.serverRow(UNIT).getByTestId('status-tag').textContent()).toBe('已退回');
    await filters.locator('select[name=status]').selectOption('reviewed');
    await soon(() => app.serverRow(UNIT).count()).toBe(0);
    // Its bytes came as they were shown, checked against their names.
    expect(await verifiedPhotos(app.page)).toEqual(photoShas);

    // Done with it: it leaves this phone (it stays on the server) and can be opened again.
    await filters.locator('select[name=status]').selectOption('all');
    await app.openFromServer(UNIT);
    app.page.once('dialog', (d) => void d.accept());
    await app.page.getByTestId('remove-from-device').click();
    await app.page.waitForURL((url) => url.pathname === '/');
    await soon(async () => (await readTable(app.page, 'inspections')).length).toBe(0);
    expect(await readTable(app.page, 'blobs')).toEqual([]);
    expect(rows(dataDir, 'select id from inspections where id = ?', inspectionId)).toEqual([{ id: inspectionId }]);
    await app.openFromServer(UNIT);
    await soon(() => app.page.locator('.room-name').allTextContents()).toEqual(
      expect.arrayContaining([MACHINE_ROOM, OFFICE]),
    );
    await context.close();

    expect(await a1.app.syncNow()).toMatchObject({ ok: true });
    await openInspection(a1.app);
    const notice = a1.app.page.getByTestId('review-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-status')).toBe('returned');
    expect(await notice.textContent()).toContain(COMMENT);
  });

  it('sends what was recorded offline before the app was killed, on the next start', async () => {
    const { context, dir } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    const app = new SyncApp(page, tap.url);
    await app.signIn('a1', PASSWORD, 'a1 的备用手机');
    await app.waitForServiceWorker();
    await app.syncIdle();
    await app.listRow(UNIT).waitFor();

    await context.setOffline(true);
    await openInspection(app);
    await app.openRoom(MACHINE_ROOM);
    await app.answer(2, '部分符合');
    const answer = (await readTable<Answer>(page, 'answers')).find((a) => a.result === 'partial')!;
    expect(await readTable(page, 'outbox')).not.toHaveLength(0);
    expect(rows(dataDir, `select id from records where kind = 'answer' and id = ?`, answer.id)).toHaveLength(0);

    // Killed like a phone kills a background app: no chance to flush or say goodbye.
    await killBrowser(context, dir);

    const reopened = await launchProfile(dir);
    contexts.push(reopened.context);
    const page2 = reopened.context.pages()[0] ?? (await reopened.context.newPage());
    await page2.goto(tap.url);
    // Locked at start, as every start of a signed-in phone is: it syncs once opened.
    await new SyncApp(page2, tap.url).unlockIfLocked();
    await soon(() =>
      rows(dataDir, `select body from records where kind = 'answer' and id = ?`, answer.id),
    ).toHaveLength(1);
    const [stored] = rows(dataDir, `select body from records where kind = 'answer' and id = ?`, answer.id);
    expect(JSON.parse(stored!.body as string)).toMatchObject({ result: 'partial', roomId: answer.roomId });
    await soon(async () => (await readTable(page2, 'outbox')).length).toBe(0);
  });

  it('resends a photo whose upload was cut off mid-way; the server keeps one whole copy', async () => {
    let sha256 = '';
    const copies = () => rows(dataDir, 'select count(*) as n from blobs where sha256 = ?', sha256)[0]!.n;
    const { app } = a1;
    // A fresh start: the app's periodic sync is minutes away, and the test says when to sync.
    await app.open('/');
    await app.syncIdle();
    // Every upload is cut after half its body reached the server.
    tap.rule = (req) =>
      req.method === 'PUT' && req.url?.startsWith('/api/blobs/') ? { action: 'cut' } : { action: 'forward' };
    try {
      await openInspection(app);
      await app.openRoom(MACHINE_ROOM);
      const before = new Set((await livePhotos(app.page)).map((p) => p.sha256));
      await app.attachPhoto(3, phonePhoto());
      sha256 = (await livePhotos(app.page)).find((p) => !before.has(p.sha256))!.sha256;
      expect(await app.syncNow()).toEqual({ ok: false, text: OFFLINE });
    } finally {
      tap.rule = () => ({ action: 'forward' });
    }
    const cut = tap.cuts.find((c) => c.path === `/api/blobs/${sha256}`);
    expect(cut).toBeDefined();
    expect(cut!.sentBytes).toBeGreaterThan(0);
    expect(cut!.sentBytes).toBeLessThan(cut!.totalBytes);
    expect(copies()).toBe(0);

    expect(await app.syncNow()).toMatchObject({ ok: true });
    expect(copies()).toBe(1);
    expect(readdirSync(join(dataDir, 'blobs', 'tmp'))).toEqual([]);
    // The colleague taking part reads the whole copy; one who does not, not even by its hash.
    const read = async (name: string) =>
      fetch(`${server.url}/api/blobs/${sha256}`, {
        headers: { authorization: `Bearer ${(await Device.login(server.url, name)).token}` },
      });
    expect((await read('a3')).status).toBe(404);
    const res = await read('a2');
    expect(res.status).toBe(200);
    expect(
      createHash('sha256')
        .update(Buffer.from(await res.arrayBuffer()))
        .digest('hex'),
    ).toBe(sha256);
  });

  it('syncs in one tab at a time: a second tab is told another is syncing, nothing is pushed twice', async () => {
    const first = a1.app;
    // Both tabs fresh: their periodic syncs are minutes away, only the taps below sync.
    await first.open('/');
    await first.syncIdle();
    const second = new SyncApp(await a1.context.newPage(), tap.url);
    await second.open('/account');
    await second.syncIdle();

    await first.page.bringToFront();
    await openInspection(first);
    await first.openRoom(OFFICE);
    await first.answer(1, '符合');
    await first.answer(2, '不适用');
    const pending = (await readTable(first.page, 'outbox')).length;
    expect(pending).toBeGreaterThanOrEqual(2);
    const deviceId = await deviceIdOf(first.page);
    // The versions this device wrote, current or replaced: each entry writes one.
    const pushedBy = () => rows(dataDir, `select count(*) as n from ${VERSIONS} where device_id = ?`, deviceId)[0]!.n;
    const before = pushedBy() as number;

    // The first tab's push waits on the network while the second tab asks to sync.
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    tap.rule = (req) => (req.url === '/api/sync/push' ? { action: 'hold', until } : { action: 'forward' });
    try {
      const firstRun = first.syncNow();
      firstRun.catch(() => undefined); // awaited below, unless an assertion fails first
      await soon(() => tap.held).toContain('/api/sync/push');
      expect(await second.syncNow()).toEqual({ ok: false, text: BUSY });
      tap.rule = () => ({ action: 'forward' });
      release();
      expect(await firstRun).toMatchObject({ ok: true });
    } finally {
      tap.rule = () => ({ action: 'forward' });
      release();
    }
    expect(await second.syncNow()).toMatchObject({ ok: true });

    expect(pushedBy()).toBe(before + pending);
    expect(
      rows(dataDir, `select seq from ${VERSIONS} where device_id = ? group by seq having count(*) > 1`, deviceId),
    ).toEqual([]);
    expect(await readTable(first.page, 'outbox')).toHaveLength(0);
  });

  it('signs out of a shared phone only once everything is synced, or after a warning', async () => {
    const shared = await phone();
    const { app } = shared;
    await app.signIn('a3', PASSWORD);
    await app.waitForServiceWorker();
    await app.newInspection({ unit: '某镇人民政府', inspectors: ['陈镕'] });
    const synced = inspectionIdOf(app.page);
    expect(await app.syncNow()).toMatchObject({ ok: true });

    // Offline work the server has not seen: signing out refuses to drop it silently.
    await shared.context.setOffline(true);
    await app.openList();
    await app.newInspection({ unit: '某乡卫生院', inspectors: ['陈镕'] });
    const unsynced = inspectionIdOf(app.page);
    await app.openAccount();
    const dialogs: string[] = [];
    app.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await app.page.getByTestId('logout').click();
    await app.page.getByTestId('logout-blocked').waitFor();
    expect(dialogs).toEqual([]);
    // Still there, both of them (this phone holds only its user's own inspections).
    const kept = (await readTable<{ id: string }>(app.page, 'inspections')).map((i) => i.id);
    expect(kept).toEqual(expect.arrayContaining([synced, unsynced]));

    // The user reads the warning and confirms: everything leaves the phone.
    await app.page.getByTestId('logout-anyway').click();
    await app.page.waitForURL((url) => url.pathname === '/');
    await app.page.locator('[data-testid=sync-indicator][href="/login"]').waitFor();
    expect(dialogs).toHaveLength(1);
    expect(await readTable(app.page, 'inspections')).toEqual([]);
    expect(await readTable(app.page, 'outbox')).toEqual([]);
    // The server keeps what it had, and never got what was dropped.
    expect(rows(dataDir, 'select id from inspections where id in (?, ?)', synced, unsynced)).toEqual([{ id: synced }]);
  });

  it('leaves no live session behind when the user keeps another person’s records at sign-in', async () => {
    const shared = await phone();
    const { app } = shared;
    await app.signIn('a3', PASSWORD);
    await app.newInspection({ unit: '某村委会', inspectors: ['陈镕'] });
    expect(await app.syncNow()).toMatchObject({ ok: true });
    const activeOf = (name: string) =>
      rows(
        dataDir,
        'select count(*) as n from devices join users on users.id = devices.user_id where users.name = ? and revoked_at is null',
        name,
      )[0]!.n as number;
    const before = activeOf('a1');

    for (const decline of ['cancel-button', 'dismiss-confirm'] as const) {
      await app.open('/login');
      const form = app.page.getByTestId('login-form');
      await form.locator('input[name=name]').fill('a1');
      await form.locator('input[name=password]').fill(PASSWORD);
      await form.locator('button[type=submit]').click();
      await app.page.getByTestId('login-other-owner').waitFor();
      expect(activeOf('a1')).toBe(before + 1); // the server issued a token…
      if (decline === 'cancel-button') await app.page.getByTestId('login-keep-owner').click();
      else {
        app.page.once('dialog', (d) => void d.dismiss());
        await app.page.getByRole('button', { name: '删除本机记录并登录' }).click();
      }
      await app.page.getByTestId('login-other-owner').waitFor({ state: 'detached' });
      await soon(() => activeOf('a1')).toBe(before); // …and it was revoked again
    }
    // a3's records and session stay.
    expect((await readTable<{ unit: string }>(app.page, 'inspections')).map((i) => i.unit)).toContain('某村委会');
    expect(activeOf('a3')).toBeGreaterThan(0);
  });
});

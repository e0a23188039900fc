// The core of the Chromium walk (../walk, ../evidence, ../record) in the engines inspectors
// also carry: WebKit (iPhones) and Firefox (some offices). Needs Debian's webkit2gtk-driver,
// firefox-esr and xvfb (.ci/run installs them).
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo, Signature } from '../../../src/shared/evidence';
import { orientedJpeg } from '../../helpers/jpeg';
import { startServer, type RunningServer, snapshotOfBuild } from '../../helpers/server';
import type { EngineDriver } from './driver';
import { launchFirefox } from './driver-firefox';
import { launchWebKit } from './driver-webkit';
import { EngineInspector, item, resultButton } from './inspector';

const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 80 && b! < 80;
const isBlue = ([r, g, b]: number[]) => b! > 180 && r! < 80 && g! < 80;

const engines = [
  {
    engine: 'WebKit',
    launch: () => launchWebKit(),
    width: 390, // an iPhone 12–15 (driver-webkit.ts: how MiniBrowser gets below 447 px)
    // Debian builds WebKitGTK with the Storage API off (Safari has it): no persistence query.
    persistLine: '此浏览器不支持持久存储查询。',
  },
  {
    engine: 'Firefox',
    launch: () => launchFirefox(),
    width: 360,
    // Firefox asks the user before granting persistence, and a headless run never answers:
    // the line must show what is known meanwhile (not wait for the answer).
    persistLine: '浏览器未授予持久存储：空间紧张时数据可能被清除。请将本应用添加到主屏幕，并尽快同步。',
  },
];

describe.each(engines)('the inspection walk in $engine', ({ launch, width, persistLine }) => {
  let server: RunningServer;
  let driver: EngineDriver;
  beforeAll(async () => {
    server = await startServer({ STATIC_DIR: snapshotOfBuild() });
    driver = await launch();
  }, 180_000);
  afterAll(async () => {
    await driver?.quit();
    await server?.stop();
  });

  it('works offline from the service worker, keeps answers, photos and signatures, and makes the PDF record', async () => {
    const app = new EngineInspector(driver, server.url);
    await app.open();
    await app.waitForServiceWorker();
    await app.waitFor({ css: '[data-testid=persist-status]' });
    expect(await app.text({ css: '[data-testid=persist-status]' })).toBe(persistLine);
    // Online once: the fonts for offline PDFs are fetched into the service worker's cache.
    await app.until(
      async () => (await app.text({ css: '[data-testid=fonts-status]' }))?.includes('已就绪') ?? false,
      'the PDF fonts to be cached',
      120_000,
    );

    await app.newInspection({ unit: '某县赜城镇人民政府', inspectors: ['王堃', '陈镕'], representative: '李喆' });
    await app.addRoom('机房', '一楼机房');
    await app.openRoom('一楼机房');
    // A phone's width, and the room fits it: nothing scrolls sideways.
    const [innerWidth, scrollWidth] = await driver.evaluate(() => [
      window.innerWidth,
      document.documentElement.scrollWidth,
    ]);
    expect(innerWidth).toBe(width);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth!);
    await app.answer(0, '符合');
    await app.answer(1, '不符合');
    await app.fillFinding(1, {
      problem: '门禁失效，登记簿缺失',
      measure: '更换门禁',
      owner: '张三',
      deadline: '2026-12-30',
    });

    // A reload keeps every answer and the finding.
    await driver.reload();
    await app.waitFor(item(1));
    expect(await app.attribute(resultButton(0, '符合'), 'aria-pressed')).toBe('true');
    expect(await app.attribute(resultButton(1, '不符合'), 'aria-pressed')).toBe('true');
    expect(await app.value({ css: '[data-field=problem]', within: item(1) })).toBe('门禁失效，登记簿缺失');
    expect(await app.value({ css: '[data-field=deadline]', within: item(1) })).toBe('2026-12-30');

    // From here on the server is gone (neither driver can emulate offline): a basement
    // machine room. The reload can only have come from the service worker.
    await server.stop();
    await driver.reload();
    await app.waitFor(item(1));
    expect(await app.text({ css: 'h2.room-title' })).toContain('一楼机房');
    const reached = () =>
      fetch('/healthz').then(
        () => 'reached',
        () => 'unreachable',
      );
    expect(await driver.evaluate(reached)).toBe('unreachable');
    expect(await app.attribute(resultButton(1, '不符合'), 'aria-pressed')).toBe('true');

    // A photo through the file input: stored upright (EXIF orientation 6), EXIF-free.
    await app.attachPhoto(0, orientedJpeg(6));
    const [photo, ...more] = await app.readTable<Photo>('photos');
    expect(more).toHaveLength(0);
    const corners: [number, number][] = [
      [0.98, 0.02],
      [0.02, 0.98],
    ];
    const facts = await app.blobFacts(photo!.sha256, corners);
    expect([facts.width, facts.height]).toEqual([300, 400]);
    expect(isRed(facts.pixels[0]!) && isBlue(facts.pixels[1]!)).toBe(true); // red top-right, blue bottom-left
    expect(facts.hasExif).toBe(false);
    expect(photo!.capturedAt).toBe(new Date(2026, 10, 20, 9, 30, 15).getTime());
    expect(photo!.location).toBeUndefined();
    // …and its bytes after an (offline) reload.
    await driver.reload();
    await app.waitFor({ css: '.photos img', within: item(0) });
    expect((await app.blobFacts(photo!.sha256)).computedSha256).toBe(photo!.sha256);

    // Sign with pointer strokes: the inspector, then the unit's representative.
    const roomUrl = await driver.url();
    await app.open(new URL(roomUrl).pathname.replace(/\/r\/.*$/, '/sign'));
    await app.until(
      async () => /^[0-9a-f]{64}$/.test((await app.text({ css: '[data-testid=digest]' })) ?? ''),
      'the digest',
    );
    const digest = await app.text({ css: '[data-testid=digest]' });
    await app.signAs('inspector');
    await app.waitFor({ css: '[data-testid=locked]' });
    await app.signAs('representative');
    await app.until(async () => (await app.count('[data-testid=signed]')) === 2, 'two signatures');
    const signatures = (await app.readTable<Signature>('signatures')).sort((a, b) => a.signedAt - b.signedAt);
    expect(signatures.map((s) => [s.role, s.name, s.digest])).toEqual([
      ['inspector', '王堃', digest],
      ['representative', '李喆', digest],
    ]);
    const png = await app.blobFacts(signatures[0]!.pngSha256, [[0.01, 0.01]]);
    expect(png.type).toBe('image/png');
    expect(png.width).toBeGreaterThanOrEqual(591); // prints crisply at 5 cm
    expect(png.pixels[0]![3]).toBe(0); // transparent background

    // Locked: nothing offers a change.
    await driver.goto(roomUrl);
    await app.waitFor({ css: '[data-testid=locked]' });
    expect(await app.disabled(resultButton(0, '符合'))).toBe(true);
    expect(await app.count('[data-testid=photo-camera]')).toBe(0);

    // The list counts what exists only on this device: one photo and two signatures, apart
    // (WebKit showed "3 张照片").
    // In-app: a fresh load of / would resume the last place instead.
    await driver.click({ css: 'a.brand' });
    await app.waitFor({ css: '[data-testid=unsynced]' });
    expect(await app.text({ css: '[data-testid=unsynced]' })).toMatch(/^尚未同步的证据：1 张照片、2 个签字/);

    // The PDF record, made offline, downloaded and read back.
    await app.open(new URL(roomUrl).pathname.replace(/\/r\/.*$/, '/summary'));
    await driver.click({ css: 'button', text: '生成检查记录 PDF' });
    await app.waitFor({ css: '[data-testid=pdf-ready]' }, 180_000);
    const pdf = await app.downloadPdf();
    expect(pdf).toMatch(/某县赜城镇人民政府-网络安全检查记录-\d{8}\.pdf$/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('某县赜城镇人民政府网络安全检查记录');
    expect(text).toContain('门禁失效，登记簿缺失');
    expect(text).toContain('王堃、陈镕');
    expect(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })).toMatch(/\s300\s+400\s/);

    expect(await driver.errors()).toEqual([]);
  }, 600_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo, Signature } from '../../src/shared/evidence';
import { orientedJpeg, phonePhoto } from '../helpers/jpeg';
import { launchProfile } from '../helpers/browser';
import { blobFacts, readTable } from '../helpers/idb';
import { EvidenceApp } from '../helpers/page-models/app';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 80 && b! < 80;
const isBlue = ([r, g, b]: number[]) => b! > 180 && r! < 80 && g! < 80;

describe('evidence', () => {
  it('stores upright, EXIF-free photos that survive an offline reload byte for byte; signing locks; reopening voids', async () => {
    const { context } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    const app = new EvidenceApp(page, server.url);
    await app.open();
    await app.waitForServiceWorker();
    await context.setOffline(true);
    await app.newInspection({ unit: '某县人民医院', inspectors: ['王堃'], representative: '李喆' });
    await app.addRoom('机房', '机房');
    await app.openRoom('机房');
    await app.answer(0, '不符合');
    await app.fillFinding(0, { problem: '门禁失效', measure: '维修门禁', owner: '张三', deadline: '2026-12-30' });

    // Orientation 6 and 8: stored upright. The capture time comes from EXIF; GPS is dropped.
    await app.attachPhoto(0, orientedJpeg(6));
    await app.attachPhoto(1, orientedJpeg(8));
    await app.attachPhoto(2, phonePhoto());
    const photos = (await readTable<Photo>(page, 'photos')).sort((a, b) => a.createdAt - b.createdAt);
    expect(photos).toHaveLength(3);
    const corners: [number, number][] = [
      [0.02, 0.02],
      [0.98, 0.02],
      [0.02, 0.98],
      [0.98, 0.98],
    ];
    const six = await blobFacts(page, photos[0]!.sha256, corners);
    expect([six.width, six.height]).toEqual([300, 400]);
    expect(isRed(six.pixels[1]!) && isBlue(six.pixels[2]!)).toBe(true); // red top-right, blue bottom-left
    const eight = await blobFacts(page, photos[1]!.sha256, corners);
    expect([eight.width, eight.height]).toEqual([300, 400]);
    expect(isRed(eight.pixels[2]!) && isBlue(eight.pixels[1]!)).toBe(true); // red bottom-left, blue top-right
    expect(six.hasExif || eight.hasExif).toBe(false);
    expect(photos[0]!.capturedAt).toBe(new Date(2026, 10, 20, 9, 30, 15).getTime());
    expect(photos[0]!.location).toBeUndefined();

    const big = await blobFacts(page, photos[2]!.sha256);
    expect(Math.max(big.width, big.height)).toBe(1600);
    expect(big.bytes).toBeLessThanOrEqual(400 * 1024);
    expect(big.computedSha256).toBe(photos[2]!.sha256);

    // Offline reload: the photos are still there and byte-identical.
    await page.reload();
    await app.item(2).locator('.photos img').waitFor();
    for (const p of photos) expect((await blobFacts(page, p.sha256)).computedSha256).toBe(p.sha256);
    expect(await app.item(0).getAttribute('data-status')).toBe('done');
    // The room shows all its photos at the top, newest first; one tap goes to the item.
    await expect.poll(() => page.locator('.room-photos img').count()).toBe(3);
    await page.locator('.room-photos .thumb').first().click();
    await expect
      .poll(() => app.item(2).evaluate((el) => Math.abs(el.getBoundingClientRect().top) < window.innerHeight / 2))
      .toBe(true);

    // Sign: the inspector, then the unit's representative.
    const url = page.url();
    await page.goto(url.replace(/\/r\/.*$/, '/sign'));
    await expect.poll(() => page.getByTestId('digest').textContent()).toMatch(/^[0-9a-f]{64}$/);
    const digest = await page.getByTestId('digest').textContent();
    await app.signAs('inspector');
    await page.getByTestId('locked').waitFor();
    await app.signAs('representative');
    await expect.poll(() => page.getByTestId('signed').count()).toBe(2);
    const signatures = (await readTable<Signature>(page, 'signatures')).sort((a, b) => a.signedAt - b.signedAt);
    expect(signatures.map((s) => [s.role, s.name, s.digest])).toEqual([
      ['inspector', '王堃', digest],
      ['representative', '李喆', digest],
    ]);
    // The PNG prints crisply at 5 cm (≥ 591 px wide) and has a transparent background.
    const png = await blobFacts(page, signatures[0]!.pngSha256, [[0.01, 0.01]]);
    expect(png.type).toBe('image/png');
    expect(png.width).toBeGreaterThanOrEqual(591);
    expect(png.pixels[0]![3]).toBe(0);

    // Locked: the UI offers no way to change anything, and a forced tap changes nothing.
    await page.goto(url);
    await page.getByTestId('locked').waitFor();
    const pass = app.item(0).locator('.results button', { hasText: /^符合$/ });
    expect(await pass.isDisabled()).toBe(true);
    await pass.click({ force: true });
    expect(await app.item(0).locator('[data-field=problem]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid=photo-camera]').count()).toBe(0);
    await page.reload();
    await app.item(0).waitFor();
    expect(await app.item(0).locator('button[aria-pressed=true]').textContent()).toBe('不符合');

    // Reopening is explicit: who and why; it voids both signatures and unlocks.
    await page.goto(url.replace(/\/r\/.*$/, '/sign'));
    await page.locator('form.reopen textarea[name=reason]').fill('补拍照片');
    await page.getByRole('button', { name: '确认重新打开（已有签字将作废）' }).click();
    await page.getByTestId('reopenings').waitFor();
    expect(await page.getByTestId('reopenings').textContent()).toContain('王堃：补拍照片（作废签字 2 个）');
    expect(await page.getByTestId('signed').count()).toBe(0);
    const after = await readTable<Signature>(page, 'signatures');
    expect(after.every((s) => typeof s.voidedAt === 'number')).toBe(true);
    await page.goto(url);
    await app.answer(0, '符合');
    await context.close();
  });

  it('keeps GPS only when asked, annotates a copy and keeps the original, deletes with confirmation', async () => {
    const { context } = await launchProfile();
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => void d.accept());
    const app = new EvidenceApp(page, server.url);
    await app.open();
    await app.newInspection({ unit: '某中学', inspectors: ['陈镕'] });
    await page.getByRole('checkbox', { name: '保留照片的拍摄位置（GPS）' }).check();
    await expect.poll(() => page.getByRole('checkbox', { name: '保留照片的拍摄位置（GPS）' }).isChecked()).toBe(true);
    await app.addRoom('档案室/机要室', '机要室');
    await app.openRoom('机要室');
    await app.attachPhoto(0, orientedJpeg(6));
    const [original] = await readTable<Photo>(page, 'photos');
    expect(original!.location).toEqual({ lat: 30.5, lon: 114.3 });

    // Annotate: a circle and an arrow on a copy.
    await app.item(0).locator('.photos .thumb').first().click();
    await page.locator('dialog.viewer').getByRole('button', { name: '标注' }).click();
    const canvas = page.locator('dialog.annotator canvas[data-ready=true]');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    for (const [tool, from, to] of [
      ['画圈', [0.3, 0.3], [0.6, 0.5]],
      ['箭头', [0.1, 0.9], [0.4, 0.6]],
    ] as const) {
      await page.getByRole('button', { name: tool }).click();
      await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 5 });
      await page.mouse.up();
    }
    await page.getByRole('button', { name: '保存副本' }).click();
    await app.item(0).locator('.photos img').nth(1).waitFor();
    const photos = await readTable<Photo>(page, 'photos');
    const copy = photos.find((p) => p.annotatedFrom === original!.id)!;
    expect(copy).toBeDefined();
    expect(copy.sha256).not.toBe(original!.sha256);
    expect([copy.width, copy.height]).toEqual([original!.width, original!.height]);
    // The original's bytes are untouched; the copy has red marks where the circle is.
    const topOfCircle: [number, number] = [0.45, 0.3];
    const before = await blobFacts(page, original!.sha256, [topOfCircle]);
    expect(before.computedSha256).toBe(original!.sha256);
    expect(isRed(before.pixels[0]!)).toBe(false);
    expect(isRed((await blobFacts(page, copy.sha256, [topOfCircle])).pixels[0]!)).toBe(true);

    // The list shows what is not yet synced.
    await page.locator('a.brand').click();
    await expect.poll(() => page.getByTestId('unsynced').textContent()).toMatch(/尚未同步的证据：2 张照片/);
    await page.goBack();

    // Delete (confirmed): the thumbnail goes; the record stays, marked removed, so that
    // the removal reaches the server and the other phones like any change.
    await app.item(0).locator('.photos .thumb').first().click();
    await page.locator('dialog.viewer').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => app.item(0).locator('.photos img').count()).toBe(1);
    const left = await readTable<Photo>(page, 'photos');
    expect(left.filter((p) => p.removedAt === undefined)).toHaveLength(1);
    expect(left.filter((p) => p.removedAt !== undefined)).toHaveLength(1);
    await context.close();
  });
});

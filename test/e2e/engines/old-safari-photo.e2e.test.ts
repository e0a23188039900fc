// Safari before 16.4 has no OffscreenCanvas in workers: photos must still be stored,
// compressed on the main thread, and where even that fails the user is told in plain words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo } from '../../../src/shared/evidence';
import { orientedJpeg, phonePhoto } from '../../helpers/jpeg';
import { startServer, type RunningServer, snapshotOfBuild } from '../../helpers/server';
import type { EngineDriver } from './driver';
import { launchWebKit } from './driver-webkit';
import { EngineInspector, item } from './inspector';

const isRed = ([r, g, b]: number[]) => r! > 180 && g! < 80 && b! < 80;

let server: RunningServer;
let driver: EngineDriver;
beforeAll(async () => {
  server = await startServer({ STATIC_DIR: snapshotOfBuild() });
  driver = await launchWebKit({ features: '-OffscreenCanvasInWorkers' });
}, 180_000);
afterAll(async () => {
  await driver?.quit();
  await server?.stop();
});

describe('photos in a WebKit without OffscreenCanvas in workers', () => {
  it('are compressed on the main thread, and a browser that cannot compress at all is named', async () => {
    const app = new EngineInspector(driver, server.url);
    await app.open();
    // The engine really is the old one: a worker sees no OffscreenCanvas.
    const inWorker = await driver.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const url = URL.createObjectURL(new Blob(['postMessage(typeof OffscreenCanvas)']));
          new Worker(url).onmessage = (e: MessageEvent<string>) => resolve(e.data);
        }),
    );
    expect(inWorker).toBe('undefined');

    await app.newInspection({ unit: '某县人民医院', inspectors: ['王堃'] });
    await app.addRoom('机房', '机房');
    await app.openRoom('机房');
    await app.attachPhoto(0, orientedJpeg(6));
    await app.attachPhoto(1, phonePhoto());
    const photos = (await app.readTable<Photo>('photos')).sort((a, b) => a.createdAt - b.createdAt);
    expect(photos).toHaveLength(2);
    const upright = await app.blobFacts(photos[0]!.sha256, [[0.98, 0.02]]);
    expect([upright.width, upright.height]).toEqual([300, 400]);
    expect(isRed(upright.pixels[0]!)).toBe(true); // red top-right: orientation 6 applied
    expect(upright.hasExif).toBe(false);
    expect(photos[0]!.capturedAt).toBe(new Date(2026, 10, 20, 9, 30, 15).getTime());
    // The 12-megapixel photo, drawn in slices, meets the same bounds as in the worker.
    const big = await app.blobFacts(photos[1]!.sha256);
    expect(Math.max(big.width, big.height)).toBe(1600);
    expect(big.bytes).toBeLessThanOrEqual(400 * 1024);
    expect(big.computedSha256).toBe(photos[1]!.sha256);

    // A page canvas that cannot encode either (stubbed: no engine here lacks both).
    await driver.evaluate(() => {
      HTMLCanvasElement.prototype.toBlob = function (callback: BlobCallback) {
        callback(null);
      };
    });
    await driver.setFile(
      { css: '.photos[data-attached-to=item] [data-testid=photo-camera]', within: item(2) },
      orientedJpeg(8),
    );
    await app.until(async () => (await app.failure()) !== null, 'the failure to show');
    expect(await app.failure()).toContain('未保存：此浏览器无法处理照片（不能缩小和压缩图片）。');
    expect(await app.readTable<Photo>('photos')).toHaveLength(2);

    // reportFailure logs what it shows; nothing else may have gone wrong.
    const errors = await driver.errors();
    expect(errors.filter((e) => !e.includes('console.error: save failed PhotoUnsupportedError'))).toEqual([]);
    expect(errors).toHaveLength(1);
  }, 600_000);
});

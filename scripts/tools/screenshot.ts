// `npm run screenshot`: the README's picture of the room view (and the manifest's
// install screenshot), taken from the production build in headless Chromium.
import { mkdirSync } from 'node:fs';
import { launchProfile } from '../../test/helpers/browser';
import { InspectorApp } from '../../test/helpers/page-models/app';
import { startServer } from '../../test/helpers/server';

const out = 'public/screenshots/room-view.png';
const server = await startServer();
const { context } = await launchProfile();
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const app = new InspectorApp(page, server.url);
  await app.open();
  await app.newInspection({
    unit: '某县人民法院',
    inspectors: ['王堃', '陈镕'],
    representative: '李喆',
    basis: '县网信办〔2026〕5号',
  });
  await app.addRoom('机房', '一楼机房');
  await app.openRoom('一楼机房');
  await app.answer(0, '符合');
  await app.answer(1, '不符合');
  await app.fillFinding(1, {
    problem: '登记簿自九月起无记录',
    measure: '恢复逐次登记，专人每周核查',
    owner: '张三',
    deadline: '2026-12-30',
  });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page
    .locator('article.item')
    .nth(1)
    .evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -260));
  await page.waitForTimeout(300);
  mkdirSync('public/screenshots', { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await context.close();
  await server.stop();
}

import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { createApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
const config = loadConfig({ STATIC_DIR: '/tmp/xj-dbg', DATA_DIR: '/tmp/xj-dbg-data', LOG_LEVEL: 'silent' });
const variant = process.argv[2] ?? 'compress';
const outer = new Hono();
if (variant !== 'plain') outer.use(compress());
outer.route('/', createApp(config, () => undefined));
const server = serve({ fetch: outer.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((r) => setTimeout(r, 300));
const port = (server.address() as { port: number }).port;
const block = variant === 'compress+defer' ? ['*checklist-validate*', '*/checklists/*'] : [];
for (let i = 0; i < 3; i++) {
  const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: ['--headless=new','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
  try {
    const r = await lighthouse(`http://127.0.0.1:${port}/`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'], blockedUrlPatterns: block });
    const a = r!.lhr.audits;
    console.log(variant, Math.round((r!.lhr.categories.performance!.score ?? 0) * 100), 'FCP', Math.round(a['first-contentful-paint']!.numericValue!), 'LCP', Math.round(a['largest-contentful-paint']!.numericValue!), 'TBT', Math.round(a['total-blocking-time']!.numericValue!));
  } finally { chrome.kill(); }
}
server.close(); process.exit(0);

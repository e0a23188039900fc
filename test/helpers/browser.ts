import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Flags measured on these machines (../shared/BROWSER-TESTING.md). */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/**
 * A persistent (non-incognito) Chromium profile: installability can only be checked
 * outside incognito, and reopening the same profile is how a phone relaunches the app.
 */
export async function launchProfile(
  dir = mkdtempSync(join(tmpdir(), 'xunjian-profile-')),
): Promise<{ context: BrowserContext; dir: string }> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    locale: 'zh-CN',
    ...PHONE,
  });
  // Playwright waits 30 s by default; on a loaded 2-core machine a service worker taking
  // over and reloading the page can take longer (npm run test:busy showed it).
  context.setDefaultTimeout(90_000);
  return { context, dir };
}

/**
 * Kill the Chromium of a profile with SIGKILL, as a phone kills a background app: no
 * blur, no pagehide, no chance to flush. The context is closed after.
 */
export async function killBrowser(context: BrowserContext, dir: string): Promise<void> {
  const ps = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  const pid = Number(
    ps
      .split('\n')
      .find((line) => line.includes(dir))
      ?.trim()
      .split(/\s+/)[0],
  );
  if (!(pid > 0)) throw new Error(`no Chromium process for the profile ${dir}`);
  process.kill(pid, 'SIGKILL');
  await context.close().catch(() => undefined);
}

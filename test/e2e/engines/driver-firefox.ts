// Firefox ESR through puppeteer-core and WebDriver BiDi, headless.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { callScript, centredElementScript, onElementScript, poll, type EngineDriver, type Target } from './driver';
import { installErrorCollector, takeErrors } from './error-collector';

/** The phone the Chromium suite emulates (../browser.ts PHONE); BiDi has no touch emulation. */
const VIEWPORT = { width: 360, height: 740 };

export async function launchFirefox(): Promise<EngineDriver> {
  const profile = mkdtempSync(join(tmpdir(), 'xunjian-firefox-'));
  const downloadDir = join(profile, 'downloads');
  mkdirSync(downloadDir);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      // No download events over BiDi here: the file is saved to a known folder instead
      // of asking where, and the test waits for it there.
      'browser.download.dir': downloadDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'pdfjs.disabled': true,
      // ESR's defaults for a closed network: no telemetry, no update or remote-settings calls.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'browser.safebrowsing.downloads.enabled': false,
    },
  });
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setViewport(VIEWPORT);
  // Unlike WebKit, Firefox can run the collector before the page's own scripts.
  await page.evaluateOnNewDocument(installErrorCollector);
  return new FirefoxDriver(browser, page, downloadDir);
}

class FirefoxDriver implements EngineDriver {
  readonly engine = 'Firefox';
  private collected: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    readonly downloadDir: string,
  ) {}

  async goto(url: string): Promise<void> {
    await this.harvest();
    await this.page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await this.evaluate(installErrorCollector);
  }

  async reload(): Promise<void> {
    await this.harvest();
    await this.page.reload({ waitUntil: 'load', timeout: 120_000 });
    await this.evaluate(installErrorCollector);
  }

  url(): Promise<string> {
    return Promise.resolve(this.page.url());
  }

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> {
    return this.page.evaluate(callScript(fn, arg)) as Promise<Awaited<R>>;
  }

  evaluateOn<R, A = undefined>(
    target: Target,
    fn: (el: Element | null, arg: A) => R | Promise<R>,
    arg?: A,
  ): Promise<Awaited<R>> {
    return this.page.evaluate(onElementScript(target, fn, arg)) as Promise<Awaited<R>>;
  }

  private async element(target: Target): Promise<ElementHandle<Element>> {
    const find = async () =>
      (await this.page.evaluateHandle(centredElementScript(target))).asElement() as ElementHandle<Element> | null;
    return poll(find, JSON.stringify(target));
  }

  async click(target: Target): Promise<void> {
    // Centred first: the fixed bottom bar covers what sits at the bottom edge.
    await (await this.element(target)).click();
  }

  async type(target: Target, text: string): Promise<void> {
    const el = await this.element(target);
    await el.evaluate((field) => ((field as HTMLInputElement).value = ''));
    await el.type(text);
  }

  async setFile(target: Target, path: string): Promise<void> {
    await ((await this.element(target)) as ElementHandle<HTMLInputElement>).uploadFile(path);
  }

  async stroke(target: Target, points: [number, number][]): Promise<void> {
    const box = await (await this.element(target)).boundingBox();
    if (!box) throw new Error(`${JSON.stringify(target)} is not rendered`);
    const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
    await this.page.mouse.move(...at(points[0]!));
    await this.page.mouse.down();
    for (const p of points.slice(1)) await this.page.mouse.move(...at(p), { steps: 2 });
    await this.page.mouse.up();
  }

  async errors(): Promise<string[]> {
    await this.harvest();
    return [...this.collected];
  }

  async quit(): Promise<void> {
    await this.browser.close();
  }

  private async harvest(): Promise<void> {
    if (!this.page.url().startsWith('http')) return;
    this.collected.push(...(await this.evaluate(takeErrors).catch((e: unknown) => [`collector lost: ${String(e)}`])));
  }
}

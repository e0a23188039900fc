// WebKit (WebKitGTK's MiniBrowser) through WebKitWebDriver and selenium-webdriver.
// MiniBrowser has no headless mode, so the driver runs under Xvfb.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, Key, type WebDriver, type WebElement } from 'selenium-webdriver';
import { callScript, centredElementScript, onElementScript, poll, type EngineDriver, type Target } from './driver';
import { freePort } from '../../helpers/server';
import { installErrorCollector, takeErrors } from './error-collector';

export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * 390 × 844 CSS px, an iPhone 12–15. MiniBrowser's toolbar keeps the window ≥ 447 px
 * wide; the GTK stylesheet below (no padding, no minimum sizes in the browser's own
 * chrome, page content untouched) lets setRect reach 390.
 */
const WINDOW = { width: 390, height: 844 };
const SHRINKABLE_GTK = '* { padding: 0; margin: 0; min-width: 0; min-height: 0; border-width: 0; font-size: 6px; }';

export interface WebKitOptions {
  /** MiniBrowser's --features list, e.g. '-OffscreenCanvasInWorkers' to act like Safari < 16.4. */
  features?: string;
}

export async function launchWebKit(options: WebKitOptions = {}): Promise<EngineDriver> {
  const home = mkdtempSync(join(tmpdir(), 'xunjian-webkit-'));
  const downloadDir = join(home, 'downloads');
  const config = join(home, 'config');
  mkdirSync(join(config, 'gtk-3.0'), { recursive: true });
  mkdirSync(downloadDir);
  writeFileSync(join(config, 'gtk-3.0', 'gtk.css'), SHRINKABLE_GTK);
  // WebKitGTK saves downloads into the XDG download folder, which only this file names.
  writeFileSync(join(config, 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloadDir}"\n`);

  const port = await freePort();
  // Its own process group, so that quit() ends xvfb-run, Xvfb, the driver and the browser together.
  const child = spawn('xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', 'WebKitWebDriver', `--port=${port}`], {
    env: {
      ...process.env,
      XDG_CONFIG_HOME: config,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CACHE_HOME: join(home, 'cache'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForDriver(port, child, () => output);
    const driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': {
          binary: MINIBROWSER,
          args: ['--automation', ...(options.features ? [`--features=${options.features}`] : [])],
        },
      })
      .build();
    await driver.manage().setTimeouts({ script: 120_000, pageLoad: 120_000 });
    await driver.manage().window().setRect(WINDOW);
    return new WebKitDriver(driver, child, downloadDir);
  } catch (err) {
    killGroup(child);
    throw new Error(`WebKitWebDriver did not start a session: ${String(err)}\n${output}`);
  }
}

async function waitForDriver(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`xvfb-run exited (${child.exitCode}):\n${output()}`);
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver not listening:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
}

class WebKitDriver implements EngineDriver {
  readonly engine = 'WebKit';
  private collected: string[] = [];

  constructor(
    private readonly driver: WebDriver,
    private readonly child: ChildProcess,
    readonly downloadDir: string,
  ) {}

  async goto(url: string): Promise<void> {
    await this.harvest();
    await this.driver.get(url);
    await this.evaluate(installErrorCollector);
  }

  async reload(): Promise<void> {
    await this.harvest();
    await this.driver.navigate().refresh();
    await this.evaluate(installErrorCollector);
  }

  url(): Promise<string> {
    return this.driver.getCurrentUrl();
  }

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> {
    return this.run(callScript(fn, arg));
  }

  evaluateOn<R, A = undefined>(
    target: Target,
    fn: (el: Element | null, arg: A) => R | Promise<R>,
    arg?: A,
  ): Promise<Awaited<R>> {
    return this.run(onElementScript(target, fn, arg));
  }

  /** executeAsyncScript, so that promises are awaited in the page; errors come back as values. */
  private async run<R>(expression: string): Promise<R> {
    const reply = (await this.driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       Promise.resolve().then(() => ${expression}).then(
         (value) => done({ value: value === undefined ? null : value }),
         (err) => done({ error: String((err && err.stack) || err) }));`,
    )) as { value: R } | { error: string };
    if ('error' in reply) throw new Error(`in the page: ${reply.error}`);
    return reply.value;
  }

  private async element(target: Target): Promise<WebElement> {
    const find = () =>
      this.driver.executeScript(`return ${centredElementScript(target)};`) as Promise<WebElement | null>;
    return poll(find, JSON.stringify(target));
  }

  async click(target: Target): Promise<void> {
    // Centred first: WebDriver scrolls a target only to the bottom edge, where the
    // fixed bottom bar covers it (and the click is then refused as intercepted).
    await (await this.element(target)).click();
  }

  async type(target: Target, text: string): Promise<void> {
    const el = await this.element(target);
    await el.clear();
    // WebKitWebDriver drops a typed '\n' (the Enter key makes the line break) and refuses
    // to type nothing.
    if (text) await el.sendKeys(text.replaceAll('\n', Key.ENTER));
  }

  async setFile(target: Target, path: string): Promise<void> {
    // Send Keys with a path is WebDriver's file chooser; a hidden input is fine
    // (strictFileInteractability is off).
    await (await this.element(target)).sendKeys(path);
  }

  async stroke(target: Target, points: [number, number][]): Promise<void> {
    const el = await this.element(target);
    const { width, height } = await el.getRect();
    // W3C pointer actions: an element origin means offsets from the element's centre.
    const at = ([fx, fy]: [number, number]) => ({
      origin: el,
      x: Math.round((fx - 0.5) * width),
      y: Math.round((fy - 0.5) * height),
    });
    let actions = this.driver.actions({ async: true }).move(at(points[0]!)).press();
    for (const p of points.slice(1)) actions = actions.move({ ...at(p), duration: 20 });
    await actions.release().perform();
  }

  async errors(): Promise<string[]> {
    await this.harvest();
    return [...this.collected];
  }

  async quit(): Promise<void> {
    await this.driver.quit().catch(() => undefined);
    killGroup(this.child);
  }

  /** Keep what the current document collected before it is replaced. */
  private async harvest(): Promise<void> {
    const current = await this.driver.getCurrentUrl().catch(() => 'about:blank');
    if (!current.startsWith('http')) return;
    this.collected.push(...(await this.evaluate(takeErrors).catch((e: unknown) => [`collector lost: ${String(e)}`])));
  }
}

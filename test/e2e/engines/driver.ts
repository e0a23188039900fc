// What the cross-engine scenarios need from a browser, and nothing more: WebKit is driven
// through W3C WebDriver (selenium-webdriver), Firefox through WebDriver BiDi (puppeteer),
// and neither offers Playwright's locators, network emulation or download events.

/** An element, found in the page: the n-th match of `css` (inside `within`) whose text is `text`. */
export interface Target {
  css: string;
  /** Exact trimmed textContent. */
  text?: string;
  within?: Target;
  /** Index among the matches; -1 is the last. Default 0. */
  nth?: number;
}

export interface EngineDriver {
  readonly engine: 'WebKit' | 'Firefox';
  /** Where the browser saves downloads (a fresh folder per session). */
  readonly downloadDir: string;
  /** Navigate and wait for the load event; the error collector is installed afterwards. */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  url(): Promise<string>;
  /** Run `fn(arg)` in the page; `fn` travels as source text, so it may use only its (JSON) argument. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>>;
  /** Run `fn(element, arg)` in the page on the element a Target names (null when there is none). */
  evaluateOn<R, A = undefined>(
    target: Target,
    fn: (el: Element | null, arg: A) => R | Promise<R>,
    arg?: A,
  ): Promise<Awaited<R>>;
  /** A real click (the engine's input events), on a target scrolled to the middle of the screen. */
  click(target: Target): Promise<void>;
  /** Focus a text field, clear it and type into it with the engine's key events. */
  type(target: Target, text: string): Promise<void>;
  /** Hand a file to an <input type=file>, as the file chooser would. */
  setFile(target: Target, path: string): Promise<void>;
  /** A pointer stroke (mouse down, moves, up) through points given as fractions of the target's box. */
  stroke(target: Target, points: [number, number][]): Promise<void>;
  /** Every error the pages reported since the session started (see error-collector.ts). */
  errors(): Promise<string[]>;
  quit(): Promise<void>;
}

/**
 * In the page: the element a Target names, or null. Passed to evaluate(), so it is
 * self-contained.
 */
function locateInPage(target: Target): Element | null {
  const find = (t: Target): Element | null => {
    const root: ParentNode | null = t.within ? find(t.within) : document;
    if (!root) return null;
    const all = [...root.querySelectorAll(t.css)].filter(
      (el) => t.text === undefined || el.textContent?.trim() === t.text,
    );
    const n = t.nth ?? 0;
    return all[n < 0 ? all.length + n : n] ?? null;
  };
  return find(target);
}

/** The expression `fn(arg)`, for a driver that sends the page source text. */
export function callScript(fn: (arg: never) => unknown, arg: unknown): string {
  return `(${fn.toString()})(${JSON.stringify(arg ?? null)})`;
}

/** The expression `fn(element, arg)` for the element a Target names. */
export function onElementScript(target: Target, fn: (el: never, arg: never) => unknown, arg?: unknown): string {
  return `(${fn.toString()})(${callScript(locateInPage, target)}, ${JSON.stringify(arg ?? null)})`;
}

/** The element a Target names, scrolled to the middle of the screen (where no fixed bar covers it). */
export function centredElementScript(target: Target): string {
  return onElementScript(target, (el: Element | null) => {
    el?.scrollIntoView({ block: 'center' });
    return el;
  });
}

/** Ask again until `find` gives something (a driver's auto-wait, as Playwright's locators have). */
export async function poll<T>(find: () => Promise<T | null>, what: string, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await find();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

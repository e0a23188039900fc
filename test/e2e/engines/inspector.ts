// The inspector's moves in the words of the UI (zh-CN), written once against EngineDriver:
// the WebKit and Firefox counterpart of ../../helpers/page-models/app.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobFactsInPage, readTableInPage, type BlobFacts } from '../../helpers/idb';
import { poll, type EngineDriver, type Target } from './driver';

export type Result = '符合' | '不符合' | '部分符合' | '不适用';

export const item = (index: number): Target => ({ css: 'article.item', nth: index });
export const resultButton = (index: number, result: Result): Target => ({
  css: '.results button',
  text: result,
  within: item(index),
});

export class EngineInspector {
  constructor(
    readonly driver: EngineDriver,
    readonly baseUrl: string,
  ) {}

  open(path = '/'): Promise<void> {
    return this.driver.goto(this.baseUrl + path);
  }

  /** Poll until `check` holds; the error says what never happened. */
  async until(check: () => Promise<boolean>, what: string, timeout?: number): Promise<void> {
    await poll(async () => ((await check()) ? true : null), `${what} in ${this.driver.engine}`, timeout);
  }

  exists(target: Target): Promise<boolean> {
    return this.driver.evaluateOn(target, (el) => el !== null);
  }

  waitFor(target: Target, timeout?: number): Promise<void> {
    return this.until(() => this.exists(target), JSON.stringify(target), timeout);
  }

  /** Wait until the target is gone (or hidden, as a closed <dialog> is). */
  waitForHidden(target: Target): Promise<void> {
    const hidden = () => this.driver.evaluateOn(target, (el) => !el || (el as HTMLElement).offsetParent === null);
    return this.until(hidden, `${JSON.stringify(target)} to go`);
  }

  count(css: string): Promise<number> {
    return this.driver.evaluate((sel) => document.querySelectorAll(sel).length, css);
  }

  text(target: Target): Promise<string | null> {
    return this.driver.evaluateOn(target, (el) => el?.textContent?.trim() ?? null);
  }

  attribute(target: Target, name: string): Promise<string | null> {
    return this.driver.evaluateOn(target, (el, attr) => el?.getAttribute(attr) ?? null, name);
  }

  value(target: Target): Promise<string | null> {
    return this.driver.evaluateOn(target, (el) => (el as HTMLInputElement | null)?.value ?? null);
  }

  /** Disabled itself or by its <fieldset>. */
  disabled(target: Target): Promise<boolean | null> {
    return this.driver.evaluateOn(target, (el) => (el ? el.matches(':disabled') : null));
  }

  /**
   * Set a field by script with the events a user's edit fires: date inputs take no
   * keys through WebDriver, and `<option>` cannot be clicked in Firefox.
   */
  setValue(target: Target, value: string): Promise<void> {
    return this.driver.evaluateOn(
      target,
      (el, v) => {
        const field = el as HTMLInputElement | HTMLSelectElement;
        field.value = v;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      },
      value,
    );
  }

  /** Resolves once the service worker controls the page (needed before the server goes away). */
  async waitForServiceWorker(): Promise<void> {
    await this.driver.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    for (let i = 0; i < 5; i++) {
      if (await this.driver.evaluate(() => !!navigator.serviceWorker.controller)) return;
      await this.driver.reload();
    }
    throw new Error(`${this.driver.engine}: the service worker never took control`);
  }

  async newInspection(fields: { unit: string; inspectors: string[]; representative?: string }): Promise<void> {
    await this.driver.click({ css: 'a', text: '新建检查' });
    await this.driver.type({ css: 'input[name=unit]' }, fields.unit);
    await this.driver.type({ css: 'textarea[name=inspectors]' }, fields.inspectors.join('\n'));
    await this.driver.type({ css: 'input[name=repName]' }, fields.representative ?? '');
    // Templates load from the precache; the first one is selected once it is there.
    await this.waitFor({ css: 'select[name=template] option' });
    await this.driver.click({ css: 'button[type=submit]', text: '开始检查' });
    await this.waitFor({ css: '[data-testid=room-list]' });
  }

  async addRoom(kind: string, name: string): Promise<void> {
    const option = await this.driver.evaluateOn(
      { css: '.add-room select[name=kind] option', text: kind },
      (el) => (el as HTMLOptionElement | null)?.value ?? null,
    );
    if (!option) throw new Error(`no room kind ${kind}`);
    await this.setValue({ css: '.add-room select[name=kind]' }, option);
    await this.driver.type({ css: '.add-room input[name=name]' }, name);
    await this.driver.click({ css: '.add-room button[type=submit]' });
    await this.waitFor({ css: '.room-name', text: name });
  }

  async openRoom(name: string): Promise<void> {
    const card = await this.driver.evaluateOn({ css: '.room-name', text: name }, (el) =>
      el?.closest('.room-card')?.querySelector('a.card-link')?.getAttribute('href'),
    );
    await this.driver.click({ css: `.room-card a.card-link[href="${card}"]` });
    await this.waitFor({ css: 'h2.room-title' });
  }

  /** Tap a result and wait until it is saved (the button shows as pressed). */
  async answer(index: number, result: Result): Promise<void> {
    await this.driver.click(resultButton(index, result));
    await this.until(
      async () => (await this.attribute(resultButton(index, result), 'aria-pressed')) === 'true',
      result,
    );
  }

  async fillFinding(index: number, f: { problem: string; measure: string; owner: string; deadline: string }) {
    const field = (name: string): Target => ({ css: `[data-field=${name}]`, within: item(index) });
    await this.driver.type(field('problem'), f.problem);
    await this.driver.type(field('measure'), f.measure);
    await this.driver.type(field('owner'), f.owner);
    await this.setValue(field('deadline'), f.deadline);
    await this.driver.click(field('problem')); // leaving the owner field saves it
    // Complete, or waiting only for the photo the template requires.
    await this.until(
      async () => ['done', 'photo-missing'].includes((await this.attribute(item(index), 'data-status')) ?? ''),
      'the finding to be complete',
    );
  }

  async attachPhoto(index: number, file: string): Promise<void> {
    const photos: Target = { css: '.photos[data-attached-to=item]', within: item(index) };
    const before = await this.driver.evaluateOn(photos, (el) => el?.querySelectorAll('img').length ?? 0);
    await this.driver.setFile({ css: '[data-testid=photo-camera]', within: photos }, file);
    await this.until(
      async () =>
        (await this.exists({ css: 'img', within: photos, nth: before })) ||
        // A failed save shows its reason: fail at once, with it.
        (await this.failure()) !== null,
      'the photo to appear',
    );
    const failure = await this.failure();
    if (failure) throw new Error(`${this.driver.engine}: the photo was not saved: ${failure}`);
  }

  /** The save-failure banner's text, if one shows. */
  failure(): Promise<string | null> {
    return this.driver.evaluate(() => {
      const banner = [...document.querySelectorAll('[role=alert]')].find((el) => el.textContent?.includes('未保存'));
      return banner?.textContent?.trim() ?? null;
    });
  }

  /** Sign with a pointer stroke across the pad, then confirm. */
  async signAs(role: 'inspector' | 'representative'): Promise<void> {
    await this.driver.click({ css: `.signer[data-role=${role}] button`, text: '签字' });
    const dialog: Target = { css: 'dialog.sign-dialog[open]' };
    await this.waitFor(dialog);
    const points: [number, number][] = [];
    for (let i = 0; i <= 12; i++) points.push([0.1 + i * 0.065, 0.6 - 0.3 * Math.sin(i / 2)]);
    await this.driver.stroke({ css: 'canvas', within: dialog }, points);
    await this.driver.click({ css: 'button', text: '确认签字', within: dialog });
    await this.waitForHidden({ css: 'dialog.sign-dialog' });
  }

  readTable<T>(table: string): Promise<T[]> {
    return this.driver.evaluate(readTableInPage, table) as Promise<T[]>;
  }

  blobFacts(sha256: string, samples: [number, number][] = []): Promise<BlobFacts> {
    return this.driver.evaluate(blobFactsInPage, { sha256, samples });
  }

  /** Click the record's download link and wait for the engine to finish saving the file. */
  async downloadPdf(): Promise<string> {
    const dir = this.driver.downloadDir;
    await this.driver.click({ css: 'a[download]', text: '下载' });
    let file: string | undefined;
    await this.until(async () => {
      // The engines write under a temporary name first, and may rename before the last
      // bytes land: done when the file ends as a PDF ends.
      file = readdirSync(dir).find((f) => f.endsWith('.pdf'));
      return file !== undefined && readFileSync(join(dir, file)).subarray(-32).toString('latin1').includes('%%EOF');
    }, 'the PDF in the download folder');
    return join(dir, file!);
  }
}

import type { Locator, Page } from 'playwright-core';
import { E2E_PIN } from '../unseal';

/** The inspector's moves, in the words of the UI (zh-CN, the default locale). */
export class InspectorApp {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open(path = '/'): Promise<void> {
    await this.page.goto(this.baseUrl + path);
    await this.unlockIfLocked();
  }

  /**
   * A phone that signed in has an app lock: after a load, it shows the lock screen
   * first. Waits for the app or the lock screen, and unlocks with the e2e PIN.
   */
  async unlockIfLocked(pin = E2E_PIN): Promise<void> {
    await this.page.locator('.app-header, [data-testid=lock-screen], [data-testid=lock-required]').first().waitFor();
    const form = this.page.getByTestId('lock-pin');
    if (!(await form.isVisible())) return;
    await form.locator('input[name=pin]').fill(pin);
    await form.locator('button[type=submit]').click();
    await this.page.locator('.app-header').waitFor();
  }

  /** Resolves once the service worker controls the page (needed before going offline). */
  async waitForServiceWorker(): Promise<void> {
    await this.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    for (let i = 0; i < 5; i++) {
      if (await this.page.evaluate(() => !!navigator.serviceWorker.controller)) return;
      await this.page.reload();
      await this.unlockIfLocked();
    }
    throw new Error('service worker never took control');
  }

  async newInspection(fields: {
    unit: string;
    inspectors: string[];
    representative?: string;
    basis?: string;
  }): Promise<void> {
    await this.page.getByRole('link', { name: '新建检查' }).click();
    await this.page.locator('input[name=unit]').fill(fields.unit);
    await this.page.locator('input[name=basis]').fill(fields.basis ?? '');
    await this.page.locator('textarea[name=inspectors]').fill(fields.inspectors.join('\n'));
    await this.page.locator('input[name=repName]').fill(fields.representative ?? '');
    // Templates load from the precache; wait until the select has one.
    await this.page.locator('select[name=template] option').first().waitFor({ state: 'attached' });
    await this.page.getByRole('button', { name: '开始检查' }).click();
    await this.page.getByTestId('room-list').waitFor();
  }

  async addRoom(kindLabel: string, name: string): Promise<void> {
    await this.page.locator('.add-room select[name=kind]').selectOption({ label: kindLabel });
    await this.page.locator('.add-room input[name=name]').fill(name);
    await this.page.locator('.add-room button[type=submit]').click();
    await this.page.locator('.room-name', { hasText: name }).waitFor();
  }

  roomCard(name: string): Locator {
    return this.page.locator('.room-card', { has: this.page.locator('.room-name', { hasText: name }) });
  }

  async openRoom(name: string): Promise<void> {
    await this.roomCard(name).locator('a.card-link').click();
    await this.page.locator('h2.room-title', { hasText: name }).waitFor();
  }

  async addComputer(fields: { assetTag: string; user: string; classified?: boolean }): Promise<void> {
    const before = await this.page.locator('.computer-header').count();
    await this.page.getByRole('button', { name: '+ 添加计算机' }).click();
    const form = this.page.locator('form.computer-form').last();
    await form.locator('input[name=assetTag]').fill(fields.assetTag);
    await form.locator('input[name=user]').fill(fields.user);
    if (fields.classified) await form.locator('input[name=classified]').check();
    await form.locator('button[type=submit]').click();
    // The new PC's block opens (and the one open before closes).
    await this.page.locator('.computer-header').nth(before).locator('.pc-toggle[aria-expanded=true]').waitFor();
  }

  /** Open the n-th PC's block (1-based; one is open at a time) and return it. */
  async openComputer(n: number): Promise<Locator> {
    const block = this.page.locator('section.computer-block').nth(n - 1);
    const toggle = block.locator('.pc-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await block.locator('article.item').first().waitFor();
    return block;
  }

  /** Each PC's progress as its header shows it ("answered/total"), with the PCs closed. */
  computerProgress(): Promise<string[]> {
    return this.page.locator('.computer-header .pc-progress').allTextContents();
  }

  items(): Locator {
    return this.page.locator('article.item');
  }

  item(index: number): Locator {
    return this.items().nth(index);
  }

  /** Tap a result on the n-th item of the room and wait until it is saved. */
  async answer(index: number, result: '符合' | '不符合' | '部分符合' | '不适用'): Promise<void> {
    const button = this.item(index).locator('.results button', { hasText: new RegExp(`^${result}$`) });
    await button.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-pressed') === 'true', await button.elementHandle());
  }

  async fillFinding(
    index: number,
    f: { problem: string; measure: string; owner: string; deadline: string },
  ): Promise<void> {
    const item = this.item(index);
    await item.locator('[data-field=problem]').fill(f.problem);
    await item.locator('[data-field=measure]').fill(f.measure);
    await item.locator('[data-field=owner]').fill(f.owner);
    await item.locator('[data-field=deadline]').fill(f.deadline);
    await item.locator('[data-field=owner]').focus(); // blur the date field: change fires
    // Complete, or waiting only for the photo the template requires.
    await this.page.waitForFunction(
      (el) => ['done', 'photo-missing'].includes(el?.getAttribute('data-status') ?? ''),
      await item.elementHandle(),
    );
  }
}

/** Photos and signatures, on top of the walk. */
export class EvidenceApp extends InspectorApp {
  async attachPhoto(index: number, file: string): Promise<void> {
    const photos = this.item(index).locator('.photos[data-attached-to=item]');
    const before = await photos.locator('img').count();
    await photos.locator('[data-testid=photo-camera]').setInputFiles(file);
    await photos.locator('img').nth(before).waitFor();
  }

  /** Draw a stroke on the open signature pad with the mouse, then confirm. */
  async signAs(role: 'inspector' | 'representative', name?: string): Promise<void> {
    await this.page.locator(`.signer[data-role=${role}] button`, { hasText: '签字' }).first().click();
    const dialog = this.page.locator('dialog.sign-dialog');
    await dialog.waitFor();
    if (name) await dialog.locator('input').first().fill(name);
    const box = (await dialog.locator('canvas').boundingBox())!;
    await this.page.mouse.move(box.x + 30, box.y + box.height * 0.6);
    await this.page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await this.page.mouse.move(box.x + 30 + i * 20, box.y + box.height * (0.6 - 0.3 * Math.sin(i / 2)), { steps: 2 });
    await this.page.mouse.up();
    await dialog.getByRole('button', { name: '确认签字' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
}

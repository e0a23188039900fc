import type { Locator } from 'playwright-core';
import { InspectorApp } from './app';

/** 其余符合 and 同上一台, on top of the walk. */
export class QuickAnswersApp extends InspectorApp {
  /** The n-th block of the room: the room's own items first, then one per PC. */
  block(n: number): Locator {
    return this.page.locator('section.block').nth(n);
  }

  /** The item of a block by its template id (the end of its key). */
  itemOf(block: Locator, itemId: string): Locator {
    return block.locator(`article.item[data-key$="/${itemId}"]`);
  }

  /** The template ids of a block's items, in order; `answer` keeps only items of that answer kind. */
  itemIds(block: Locator, answer?: 'result' | 'value'): Promise<string[]> {
    return block
      .locator('article.item')
      .evaluateAll(
        (els, kind) =>
          els
            .filter((el) => !kind || (el.getAttribute('data-answer') === 'result') === (kind === 'result'))
            .map((el) => el.getAttribute('data-key')!.split('/').pop()!),
        answer,
      );
  }

  /** The result shown pressed on each item of a block, '' where none. */
  pressed(block: Locator): Promise<string[]> {
    return block
      .locator('article.item')
      .evaluateAll((els) => els.map((el) => el.querySelector('.results [aria-pressed=true]')?.textContent ?? ''));
  }

  async tap(item: Locator, result: '符合' | '不符合' | '部分符合' | '不适用'): Promise<void> {
    const button = item.locator('.results button', { hasText: new RegExp(`^${result}$`) });
    await button.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-pressed') === 'true', await button.elementHandle());
  }

  /** Tap 其余符合 in a block, accept the confirmation, and return what it asked once the block has none left. */
  async restCompliant(block: Locator): Promise<string> {
    let question = '';
    this.page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    const button = block.locator('button.rest-compliant');
    await button.click();
    await button.waitFor({ state: 'detached' });
    return question;
  }

  /** Tap 撤销 on the undo notice. */
  async undo(): Promise<void> {
    await this.page.locator('.toast button', { hasText: '撤销' }).click();
  }

  /**
   * Add a PC; `carry` ticks or unticks 同上一台 when it is offered. Returns the offer's
   * label and whether it was ticked before we touched it (undefined: not offered).
   */
  async addComputerCarrying(
    fields: { assetTag: string; user: string; classified?: boolean },
    carry: boolean,
  ): Promise<{ label: string; ticked: boolean } | undefined> {
    const before = await this.page.locator('.computer-header').count();
    await this.page.getByRole('button', { name: '+ 添加计算机' }).click();
    const form = this.page.locator('form.computer-form').last();
    await form.locator('input[name=assetTag]').fill(fields.assetTag);
    await form.locator('input[name=user]').fill(fields.user);
    if (fields.classified) await form.locator('input[name=classified]').check();
    const box = form.locator('input[name=carry]');
    let offer: { label: string; ticked: boolean } | undefined;
    if (await box.count()) {
      const label = (await form.locator('label', { has: this.page.locator('input[name=carry]') }).textContent()) ?? '';
      offer = { label, ticked: await box.isChecked() };
      await box.setChecked(carry);
    }
    await form.locator('button[type=submit]').click();
    await this.page.locator('.computer-header').nth(before).locator('.pc-toggle[aria-expanded=true]').waitFor();
    return offer;
  }
}

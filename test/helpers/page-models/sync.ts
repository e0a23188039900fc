import type { Locator } from 'playwright-core';
import { EvidenceApp } from './app';
import { E2E_PIN } from '../unseal';

/** How one sync run ended, as the account page shows it. */
export interface SyncRun {
  ok: boolean;
  text: string;
}

/** Signing in and syncing, on top of the inspector's and the evidence moves. */
export class SyncApp extends EvidenceApp {
  async signIn(name: string, password: string, deviceLabel = `${name} 的手机`): Promise<void> {
    await this.open('/login');
    const form = this.page.getByTestId('login-form');
    await form.locator('input[name=name]').fill(name);
    await form.locator('input[name=password]').fill(password);
    await form.locator('input[name=deviceLabel]').fill(deviceLabel);
    await form.locator('button[type=submit]').click();
    // A phone without an app lock sets it up now; one with it keeps its PIN.
    const pinStep = this.page.getByTestId('login-pin');
    await this.page.waitForFunction(
      () => location.pathname === '/' || !!document.querySelector('[data-testid=login-pin]'),
    );
    if (await pinStep.isVisible()) await this.choosePin(pinStep);
    await this.page.waitForURL((url) => url.pathname === '/');
    await this.page.waitForFunction(() => !!document.querySelector('[data-testid=sync-indicator][href="/account"]'));
  }

  async choosePin(form: Locator, pin = E2E_PIN): Promise<void> {
    await form.locator('input[name=pin]').fill(pin);
    await form.locator('input[name=confirm]').fill(pin);
    await form.locator('button[type=submit]').click();
  }

  /** The account page, reached in the app (no reload: the last sync's outcome stays on screen). */
  async openAccount(): Promise<void> {
    if (new URL(this.page.url()).pathname !== '/account') await this.page.getByTestId('sync-indicator').click();
    await this.page.getByTestId('sync-panel').waitFor();
  }

  /** The list of inspections, reached in the app. */
  async openList(): Promise<void> {
    await this.page.locator('a.brand').click();
    await this.page.waitForURL((url) => url.pathname === '/');
  }

  /**
   * Wait for any sync this tab is running (start-up, `online`, after login) to end. The
   * indicator appears once the account is read, and the start-up sync begins in the
   * same task, so an indicator that is not running means no sync is under way.
   */
  async syncIdle(): Promise<void> {
    await this.page.waitForFunction(() => {
      const indicator = document.querySelector('[data-testid=sync-indicator]');
      return !!indicator && !indicator.classList.contains('running');
    });
  }

  /**
   * Tap "立即同步" and wait for exactly that run to end (the button is disabled while
   * it runs), then read what the panel says about it.
   */
  async syncNow(): Promise<SyncRun> {
    // A background tab gets no animation frames, and clicks wait for those: switch to it.
    await this.page.bringToFront();
    await this.openAccount();
    const button = this.page.getByTestId('sync-now');
    await this.page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, await button.elementHandle());
    await button.evaluate((el) => {
      const w = window as { syncRun?: string };
      w.syncRun = 'tapped';
      // Read each change in turn: a run may start and end within one batch of records.
      const watch = new MutationObserver((records) => {
        for (const r of records) {
          if (r.oldValue === null) w.syncRun = 'running';
          else if (w.syncRun === 'running') {
            w.syncRun = 'ended';
            watch.disconnect();
          }
        }
      });
      watch.observe(el, { attributes: true, attributeFilter: ['disabled'], attributeOldValue: true });
    });
    await button.click();
    await this.page.waitForFunction(() => (window as { syncRun?: string }).syncRun === 'ended');
    const error = this.page.getByTestId('sync-error');
    if (await error.count()) return { ok: false, text: (await error.locator('span').textContent()) ?? '' };
    return { ok: true, text: (await this.page.getByTestId('sync-result').textContent()) ?? '' };
  }

  /** The list row of an inspection, by its unit. */
  listRow(unit: string): Locator {
    return this.page
      .getByTestId('inspection-list')
      .locator('.inspection-card', { has: this.page.locator('.unit', { hasText: unit }) });
  }

  /** A row of the server's list (the reviewer's home, an inspector's "服务器上的检查"). */
  serverRow(unit: string): Locator {
    return this.page
      .getByTestId('server-rows')
      .locator('.inspection-card', { has: this.page.locator('.unit', { hasText: unit }) });
  }

  /** Open an inspection from the server's list: it downloads, and its rooms show. */
  async openFromServer(unit: string): Promise<void> {
    await this.serverRow(unit).getByRole('button', { name: '打开' }).click();
    await this.page.waitForURL((url) => /^\/i\/[^/]+$/.test(url.pathname));
    await this.page.locator('.room-list, .empty').first().waitFor();
  }

  /** On the open inspection: add a colleague as a participant, by name, and wait for the server's answer. */
  async addParticipant(name: string): Promise<void> {
    const panel = this.page.getByTestId('participants');
    await panel.locator('select[name=person]').selectOption({ label: name });
    await panel.getByRole('button', { name: '添加' }).click();
    await panel.locator('.participant-name', { hasText: name }).waitFor();
  }

  badge(unit: string): Locator {
    return this.listRow(unit).getByTestId('sync-badge');
  }
}

// What shows before the app: the lock screen when a lock exists, and the lock's set-up
// when a signed-in phone has none yet (signed in before the lock existed, or the page
// closed between signing in and choosing a PIN). Each resolves once it is done.
import { render } from 'solid-js/web';
import type { LockStatus } from '../../db/at-rest/lock';
import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { t } from '../i18n';
import { LockScreen } from './LockScreen';
import { PinSetup } from './PinSetup';
import { setUpLockHere } from './setup';
import { DEFAULT_IDLE_MINUTES } from '../../db/at-rest/lock';

registerLazyMessages();

export function showLockScreen(root: HTMLElement, status: Extract<LockStatus, { kind: 'locked' }>): Promise<void> {
  return new Promise((resolve) => {
    const dispose = render(
      () => (
        <LockScreen
          status={status}
          onOpen={() => {
            dispose();
            resolve();
          }}
        />
      ),
      root,
    );
  });
}

export function requireLockSetup(root: HTMLElement): Promise<void> {
  return new Promise((resolve) => {
    const dispose = render(
      () => (
        <section class="page narrow" data-testid="lock-required">
          <h1>{t('lock.setup.title')}</h1>
          <p class="banner banner-info">{t('lock.setup.required')}</p>
          <PinSetup
            title={t('lock.setup.title')}
            intro={t('lock.setup.intro', { minutes: DEFAULT_IDLE_MINUTES })}
            onPin={(pin) =>
              setUpLockHere(pin).then(() => {
                dispose();
                resolve();
              })
            }
          />
        </section>
      ),
      root,
    );
  });
}

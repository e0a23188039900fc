// Locks the app after the configured minutes without a touch or a key, and when it comes
// back to the front after being away that long (a phone pauses the timers of a page in
// the background). Locking reloads the page: the key and every decrypted row held by the
// screens go with it, and the lock screen is all that starts again.
import { announce } from './channel';

const CHECK_EVERY_MS = 10_000;
let idleMinutes: number | undefined;
let lastActivity = Date.now();

export function armIdleLock(minutes: number): void {
  const armed = idleMinutes !== undefined;
  idleMinutes = minutes;
  lastActivity = Date.now();
  if (armed) return;
  const touch = () => {
    lastActivity = Date.now();
  };
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'])
    window.addEventListener(type, touch, { capture: true, passive: true });
  setInterval(check, CHECK_EVERY_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

/** A new idle time from the account page. */
export function setArmedMinutes(minutes: number): void {
  if (idleMinutes !== undefined) idleMinutes = minutes;
}

function check(): void {
  if (idleMinutes !== undefined && Date.now() - lastActivity >= idleMinutes * 60_000) lockNow(false);
}

/**
 * Lock this tab (and, when the user asked, every tab). The reload alone drops the key:
 * the edits a screen flushes as the page goes are still sealed and kept.
 */
export function lockNow(everyTab = true): void {
  if (everyTab) announce('locked');
  location.reload();
}

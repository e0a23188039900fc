// Where the app was last, restored when it is opened again (phones kill background
// tabs). Kept in IndexedDB, not localStorage: Chromium flushes localStorage lazily, so a
// killed browser can lose the last write; an IndexedDB commit is durable.
import { readSetting, SETTINGS, writeSetting } from '../../db/settings';

export function lastRoute(): Promise<string | undefined> {
  return readSetting(SETTINGS.lastRoute).catch(() => undefined);
}

export function rememberRoute(path: string): void {
  // The "new inspection" form is not a place to resume into.
  void writeSetting(SETTINGS.lastRoute, path === '/new' ? '/' : path).catch(() => undefined);
}

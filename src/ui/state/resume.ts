// Where the app was last, restored when it is opened again (phones kill background
// tabs). Kept in IndexedDB, not localStorage: Chromium flushes localStorage lazily, so a
// killed browser can lose the last write; an IndexedDB commit is durable.
import { getSetting, setSetting } from '../../db/settings';

const KEY = 'lastRoute';

export function lastRoute(): Promise<string | undefined> {
  return getSetting<string>(KEY).catch(() => undefined);
}

export function rememberRoute(path: string): void {
  // The "new inspection" form is not a place to resume into.
  void setSetting(KEY, path === '/new' ? '/' : path).catch(() => undefined);
}

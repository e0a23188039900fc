// Where the app was last: restored when it is opened again (phones kill background tabs).
const KEY = 'xunjian.lastRoute';

export function lastRoute(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberRoute(path: string): void {
  try {
    // The "new inspection" form is not a place to resume into.
    localStorage.setItem(KEY, path === '/new' ? '/' : path);
  } catch {
    // Private mode: resuming is a convenience, not data.
  }
}

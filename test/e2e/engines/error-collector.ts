// Neither driver hands us the page's console (WebKitWebDriver has no console events at
// all), so the page collects its own errors and the drivers read them before each
// navigation. Both functions run in the page and must stay self-contained.

type Collecting = { __e2eErrors?: string[] };

/** Start collecting errors in this document (idempotent). */
export function installErrorCollector(): void {
  const w = window as unknown as Collecting;
  if (w.__e2eErrors) return;
  const errors: string[] = (w.__e2eErrors = []);
  const where = location.pathname;
  // Capture phase: failed <img>/<script>/<link> loads fire `error` on the element, not on window.
  window.addEventListener(
    'error',
    (e) => {
      const el = e.target as (Element & { src?: string; href?: string }) | null;
      if (el && el !== (window as unknown as EventTarget) && el.tagName)
        errors.push(`${where}: failed to load <${el.tagName.toLowerCase()}> ${el.src ?? el.href ?? ''}`);
      else errors.push(`${where}: ${e.message} (${e.filename}:${e.lineno})`);
    },
    true,
  );
  window.addEventListener('unhandledrejection', (e) => {
    const reason = e.reason as { message?: string } | undefined;
    errors.push(`${where}: unhandled rejection: ${reason?.message ?? String(e.reason)}`);
  });
  document.addEventListener('securitypolicyviolation', (e) =>
    errors.push(`${where}: CSP ${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
  );
  const consoleError = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    errors.push(`${where}: console.error: ${args.map(String).join(' ')}`);
    consoleError(...args);
  };
}

/** The errors collected so far in this document, emptying the list. */
export function takeErrors(): string[] {
  return (window as unknown as Collecting).__e2eErrors?.splice(0) ?? [];
}

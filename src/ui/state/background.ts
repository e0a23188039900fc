// Work the first visit does not need at once (the PDF fonts' warm-up, the template
// refresh): it starts once the page has been quiet for a while and the browser is idle,
// so it never competes with the first screen or the first taps. A screen that needs it
// sooner asks for it itself (NewInspection refreshes the templates on mount).

/** Run `work` after `quietMs` from now, in the browser's next idle period. */
export function whenSettled(work: () => void, quietMs = 8000): void {
  setTimeout(() => {
    if ('requestIdleCallback' in window) requestIdleCallback(work, { timeout: 5000 });
    else work();
  }, quietMs);
}

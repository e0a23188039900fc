import { onCleanup } from 'solid-js';

/**
 * Save typed text shortly after the user pauses, and at once on blur, when the view
 * goes away, or when the page is hidden (a phone switching apps may never come back),
 * so a killed tab loses at most the last half-second of typing.
 */
export function createDebouncedSave<T>(write: (value: T) => void, ms = 400) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { value: T } | undefined;
  const flush = () => {
    clearTimeout(timer);
    if (pending) {
      const { value } = pending;
      pending = undefined;
      write(value);
    }
  };
  const schedule = (value: T) => {
    pending = { value };
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', flush);
  onCleanup(() => {
    document.removeEventListener('visibilitychange', onHidden);
    window.removeEventListener('pagehide', flush);
    flush();
  });
  return { schedule, flush };
}

import { onCleanup } from 'solid-js';

/**
 * Save typed text shortly after the user pauses, and at once on blur or when the
 * view goes away, so a killed tab loses at most the last half-second of typing.
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
  onCleanup(flush);
  return { schedule, flush };
}

/**
 * Time from a tap to the committed IndexedDB write, as a Performance measure
 * (`npm run bench` reads the `answer-commit` entries; nothing in the app depends on it).
 */
export async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await run();
  } finally {
    performance.measure(name, { start, end: performance.now() });
  }
}

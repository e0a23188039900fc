// Graceful shutdown on SIGTERM/SIGINT: stop accepting, let requests in flight finish
// (each answered with `Connection: close`, so a kept-alive phone does not send the next
// one here), close idle kept-alive sockets at once, and after a deadline close whatever
// is left. A second signal ends the process at once.
import type { Server as HttpServer } from 'node:http';
import type { Logger } from './log';

/** How long requests in flight may take to finish after the signal. */
const SHUTDOWN_GRACE_MS = 10_000;

type ClosableServer = Pick<HttpServer, 'close' | 'closeIdleConnections' | 'closeAllConnections' | 'on'>;

/** Install the signal handlers; `release` closes the storage after the last request. */
export function shutDownGracefully(
  server: ClosableServer,
  log: Logger,
  release: () => Promise<void>,
  graceMs = SHUTDOWN_GRACE_MS,
): void {
  let closing = false;
  let inFlight = 0;
  server.on('request', (_req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    if (closing) res.setHeader('Connection', 'close');
  });
  const shutDown = (signal: NodeJS.Signals) => {
    if (closing) {
      log('warn', 'shutting down now: second signal', { signal, inFlight });
      process.exit(1);
    }
    closing = true;
    const started = Date.now();
    log('info', 'shutting down', { signal, inFlight, graceMs });
    const deadline = setTimeout(() => {
      log('warn', 'shutdown deadline passed: closing the remaining connections', { inFlight });
      server.closeAllConnections();
    }, graceMs);
    deadline.unref();
    server.close(() => {
      clearTimeout(deadline);
      void release().then(
        () => {
          log('info', 'shut down', { ms: Date.now() - started });
          process.exit(0);
        },
        (err: unknown) => {
          log('error', 'shut down, but the storage did not close cleanly', { error: String(err) });
          process.exit(1);
        },
      );
    });
    // Kept-alive sockets with no request: nothing to wait for.
    server.closeIdleConnections();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutDown(signal));
}

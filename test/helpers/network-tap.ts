// A transparent HTTP proxy between the browser and the real server, so a test can make
// the network misbehave the way a phone's does: cut an upload off after part of its
// body reached the server, or hold a request until the test lets it go.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What happens to one request: passed on, cut off mid-body, or passed on once released. */
export type Verdict = { action: 'forward' } | { action: 'cut' } | { action: 'hold'; until: Promise<void> };

export interface Cut {
  path: string;
  /** Body bytes the server received before the connection dropped. */
  sentBytes: number;
  totalBytes: number;
}

export interface NetworkTap {
  url: string;
  /** Decide each request's fate; the default passes everything on. */
  rule: (req: IncomingMessage) => Verdict;
  cuts: Cut[];
  /** Requests currently held, by path. */
  held: string[];
  close: () => Promise<void>;
}

const FORWARD: Verdict = { action: 'forward' };

export async function startNetworkTap(upstream: string): Promise<NetworkTap> {
  const target = new URL(upstream);
  const tap: NetworkTap = {
    url: '',
    rule: () => FORWARD,
    cuts: [],
    held: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer((req, res) => {
    const verdict = tap.rule(req);
    const path = req.url ?? '/';
    const upstreamReq = request(
      { host: target.hostname, port: target.port, method: req.method, path, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => res.destroy());

    if (verdict.action === 'cut') {
      // Half the body reaches the server, then both connections drop without a word.
      const total = Number(req.headers['content-length'] ?? 0);
      let sent = 0;
      req.on('data', (chunk: Buffer) => {
        if (sent >= total / 2) return;
        const part = chunk.subarray(0, Math.max(1, Math.ceil(total / 2) - sent));
        sent += part.length;
        upstreamReq.write(part);
        if (sent >= total / 2) {
          tap.cuts.push({ path, sentBytes: sent, totalBytes: total });
          // Let the half reach the server before the reset.
          setTimeout(() => {
            upstreamReq.destroy();
            req.socket.destroy();
          }, 50);
        }
      });
      return;
    }
    const forward = () => req.pipe(upstreamReq);
    if (verdict.action === 'hold') {
      tap.held.push(path);
      void verdict.until.then(() => {
        tap.held.splice(tap.held.indexOf(path), 1);
        forward();
      });
    } else forward();
  });
  // Browsers keep connections open; do not let them keep the test process alive.
  server.on('connection', (socket) => socket.unref());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tap.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return tap;
}

// The client side of bench part 9, over node:http rather than fetch: fetch hides how many
// bytes came over the wire (it un-gzips as it reads). A browser's Accept-Encoding, one
// keep-alive pool of 6 connections (a browser's per host on HTTP/1.1).
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { LoginResponse } from '../../../src/shared/sync-protocol';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  /** Bytes of the response body as sent (compressed when the server compressed it); headers not counted. */
  wire: number;
  /** The body, decoded. */
  body: Buffer;
  /** From sending the request to the body's last byte. */
  ms: number;
}

export interface Http {
  send(
    path: string,
    init?: { method?: string; token?: string; json?: unknown; bytes?: Uint8Array; type?: string },
  ): Promise<Reply>;
  /** The decoded body as JSON; throws unless 2xx. */
  json<T>(path: string, init?: Parameters<Http['send']>[1]): Promise<{ reply: Reply; value: T }>;
  close(): void;
}

export function httpClient(base: string): Http {
  const agent = new Agent({ keepAlive: true, maxSockets: 6 });
  const url = new URL(base);
  const send: Http['send'] = (path, init = {}) =>
    new Promise((resolve, reject) => {
      const payload =
        init.json !== undefined ? Buffer.from(JSON.stringify(init.json)) : init.bytes ? Buffer.from(init.bytes) : null;
      const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br' };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      if (payload) {
        headers['content-type'] =
          init.json !== undefined ? 'application/json' : (init.type ?? 'application/octet-stream');
        headers['content-length'] = String(payload.length);
      }
      const started = performance.now();
      const req = request(
        { agent, host: url.hostname, port: url.port, path, method: init.method ?? (payload ? 'POST' : 'GET'), headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const ms = performance.now() - started;
            const raw = Buffer.concat(chunks);
            try {
              const encoding = res.headers['content-encoding'];
              const body =
                encoding === 'gzip'
                  ? gunzipSync(raw)
                  : encoding === 'deflate'
                    ? inflateSync(raw)
                    : encoding === 'br'
                      ? brotliDecompressSync(raw)
                      : raw;
              resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: raw.length, body, ms });
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)));
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload ?? undefined);
    });
  return {
    send,
    async json<T>(path: string, init?: Parameters<Http['send']>[1]) {
      const reply = await send(path, init);
      if (reply.status < 200 || reply.status > 299)
        throw new Error(
          `${init?.method ?? (init?.json !== undefined ? 'POST' : 'GET')} ${path}: ${reply.status} ${reply.body}`,
        );
      return { reply, value: JSON.parse(reply.body.toString('utf8')) as T };
    },
    close: () => agent.destroy(),
  };
}

export async function login(http: Http, name: string, password: string): Promise<LoginResponse> {
  const { value } = await http.json<LoginResponse>('/api/login', {
    json: { name, password, deviceLabel: `${name}'s phone (bench)` },
  });
  return value;
}

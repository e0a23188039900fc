import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export type AddressOf = (c: Context) => string;

/**
 * The address a request came from, as login limits and the security log count it.
 * Behind a reverse proxy every request comes from the proxy: when the socket's address is
 * one of `trustedProxies` (TRUSTED_PROXIES), the client is the right-most X-Forwarded-For
 * entry that is not a trusted proxy (entries to its left are the client's to forge).
 */
export function clientAddress(trustedProxies: readonly string[]): AddressOf {
  const trusted = new Set(trustedProxies.flatMap((a) => [a, a.includes(':') ? a : `::ffff:${a}`]));
  return (c) => {
    const remote = getConnInfo(c).remote.address ?? 'unknown';
    if (!trusted.has(remote)) return remote;
    const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map(withoutPort);
    for (let i = forwarded.length - 1; i >= 0; i--) {
      const hop = forwarded[i]!;
      if (trusted.has(hop)) continue;
      // Not an address (a proxy that appends garbage): the proxy's own, not a fresh key per request.
      return isIP(hop) ? hop : remote;
    }
    return remote;
  };
}

/** `1.2.3.4:5678` or `[2001:db8::1]:5678` as the address alone (some proxies append the port). */
function withoutPort(entry: string): string {
  const hop = entry.trim();
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  if (v4) return v4[1]!;
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  return v6 ? v6[1]! : hop;
}

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
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    for (let i = forwarded.length - 1; i >= 0; i--) if (!trusted.has(forwarded[i]!)) return forwarded[i]!;
    return remote;
  };
}

import { resolve } from 'node:path';
import { isIP } from 'node:net';
import { z } from '../shared/zod';
import { DEFAULT_RETENTION_DAYS } from './services/security-log';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  // Phones reach the office server over the LAN, so listen on every interface by default.
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  // postgres://user:password@host:port/database keeps the rows in PostgreSQL; unset, they
  // stay in SQLite in DATA_DIR. Photos are files under DATA_DIR/blobs either way.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL (unset for SQLite in DATA_DIR)')
    .optional(),
  STATIC_DIR: z.string().min(1).default('dist'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  // A compressed photo is ~0.3–1 MB; an uncompressed one that slipped through is < 16 MiB.
  MAX_BLOB_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  // Phones only run service workers on https (or localhost): give a certificate to
  // serve https directly, or put a TLS reverse proxy in front.
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  // Security events (logins, failures, revocations, reopenings…) are kept this many days;
  // 《网络安全法》 art. 21 asks for at least six months.
  // Behind a reverse proxy: its address(es), comma-separated; their X-Forwarded-For then
  // names the client (for login limits and the security log). Unset: nobody's is believed.
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .refine((v) => !v || list(v).every((a) => isIP(a) !== 0), 'comma-separated IP addresses (no ranges)'),
  SECURITY_LOG_DAYS: z.coerce.number().int().min(1).default(DEFAULT_RETENTION_DAYS),
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of the SQLite file in dataDir. */
  databaseUrl?: string;
  staticDir: string;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  maxBlobBytes: number;
  tls?: { certFile: string; keyFile: string };
  securityLogDays: number;
  trustedProxies: string[];
}

/** Read configuration from the environment; a bad value stops start-up with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!!e.TLS_CERT !== !!e.TLS_KEY) throw new Error('invalid configuration:\n  TLS_CERT and TLS_KEY go together');
  return {
    ...(e.TLS_CERT && e.TLS_KEY ? { tls: { certFile: resolve(e.TLS_CERT), keyFile: resolve(e.TLS_KEY) } } : {}),
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    staticDir: resolve(e.STATIC_DIR),
    logLevel: e.LOG_LEVEL,
    maxBlobBytes: e.MAX_BLOB_BYTES,
    securityLogDays: e.SECURITY_LOG_DAYS,
    trustedProxies: list(e.TRUSTED_PROXIES ?? ''),
  };
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

import type { ServerConfig } from './config';

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type Level = Exclude<keyof typeof LEVELS, 'silent'>;
export type Logger = (level: Level, msg: string, fields?: Record<string, unknown>) => void;

/** One JSON object per line on stdout: easy to grep, easy to ship to a log system. */
export function createLogger(level: ServerConfig['logLevel']): Logger {
  const min = LEVELS[level];
  return (lvl, msg, fields) => {
    if (LEVELS[lvl] < min) return;
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
}

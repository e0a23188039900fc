import type { Kysely } from 'kysely';
import type { Logger } from '../log';
import type { Schema } from '../storage/schema';
import type { LoginThrottle } from './login-throttle';
import { pruneSecurityEvents } from './security-log';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Drop security events past their retention (and login counts that hold nothing back)
 * at start and once a day: an office server runs for months. Returns the stopper.
 */
export function keepSecurityLogPruned(db: Kysely<Schema>, throttle: LoginThrottle, days: number, log: Logger) {
  const prune = async () => {
    try {
      const dropped = await pruneSecurityEvents(db, days);
      await throttle.prune();
      if (dropped) log('info', 'security log pruned', { dropped, keptDays: days });
    } catch (err) {
      // A failed pruning loses nothing: the next one catches up.
      log('warn', 'security log pruning failed', { error: String(err) });
    }
  };
  void prune();
  const timer = setInterval(() => void prune(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

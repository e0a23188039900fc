import type { Migration } from 'kysely';
import * as accounts from './0001-accounts';
import * as sync from './0002-sync';
import * as changeCounter from './0003-change-counter';
import * as scope from './0004-scope';
import * as security from './0005-security';
import * as deviceRecovery from './0006-device-recovery';

/** Every migration, in order. Append only; a released migration is never edited. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-accounts': accounts,
  '0002-sync': sync,
  '0003-change-counter': changeCounter,
  '0004-scope': scope,
  '0005-security': security,
  '0006-device-recovery': deviceRecovery,
};

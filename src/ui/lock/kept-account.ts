import type { Account } from '../../db/account';
import type { ServerRecovery } from '../../db/at-rest/lock';
import type { LoginResponse } from '../../shared/sync-protocol';

/** What of a login the phone keeps: never the recovery secret (only the key it wraps). */
export function keptAccount(session: LoginResponse): {
  account: Account;
  previousDevice: LoginResponse['previousDevice'];
} {
  const { format: _format, previousDevice, recoveryKey: _secret, ...rest } = session;
  return { account: { ...rest, signedInAt: Date.now() }, previousDevice };
}

/** The secret a login gave, to tie the lock to this device. */
export function serverRecovery(session: LoginResponse): ServerRecovery {
  return {
    deviceId: session.deviceId,
    userId: session.user.id,
    organisationId: session.organisation.id,
    user: session.user.name,
    organisation: session.organisation.name,
    secret: session.recoveryKey,
  };
}

// Setting the lock up on this phone: tied to the signed-in account's recovery secret when
// the server can be reached (so a forgotten PIN is recovered by signing in), or tied later.
import { getAccount } from '../../db/account';
import { DEFAULT_IDLE_MINUTES, lockStatus, rememberServer, setUpLock } from '../../db/at-rest/lock';
import { createApi } from '../../sync/api';
import { announce } from './channel';
import { armIdleLock } from './idle';
import type { ServerRecovery } from '../../db/at-rest/lock';

/** Set up the lock with this PIN. `tied`: a forgotten PIN can be recovered through the account. */
export async function setUpLockHere(
  pin: string,
  server?: ServerRecovery,
): Promise<{ tied: boolean; account: boolean }> {
  const account = await getAccount();
  const recovery = server ?? (await accountRecovery());
  try {
    // Other tabs reload as soon as the key is in force: none goes on writing in the clear.
    await setUpLock(pin, recovery, undefined, () => announce('set-up'));
  } catch (err) {
    // Another tab set a lock up meanwhile: this one reloads into its lock screen.
    if (err instanceof Error && err.name === 'ConstraintError') location.reload();
    throw err;
  }
  armIdleLock(DEFAULT_IDLE_MINUTES);
  return { tied: !!recovery, account: !!account };
}

/** A lock set up offline gets tied to the account once the server answers. */
export async function tieLockToServer(): Promise<void> {
  const status = await lockStatus();
  if (status.kind !== 'open' || status.recoverable) return;
  const recovery = await accountRecovery();
  if (recovery) await rememberServer(recovery);
}

async function accountRecovery(): Promise<ServerRecovery | undefined> {
  const account = await getAccount();
  if (!account) return undefined;
  try {
    const { recoveryKey } = await createApi(account.token).recoveryKey();
    return {
      deviceId: account.deviceId,
      userId: account.user.id,
      organisationId: account.organisation.id,
      user: account.user.name,
      organisation: account.organisation.name,
      secret: recoveryKey,
    };
  } catch {
    return undefined;
  }
}

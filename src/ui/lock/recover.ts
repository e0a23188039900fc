// After too many wrong PINs: the user signs in online, and the server hands back the
// recovery secret of the device the lock is tied to — to that device's own user only.
// The data key opens with it; the user then chooses a new PIN.
import { lockedDeviceId, rememberServer, unlockWithRecovery } from '../../db/at-rest/lock';
import { saveAccount } from '../../db/sign-in';
import { createApi } from '../../sync/api';
import { withSyncLock } from '../../sync/scheduler';
import { keptAccount, serverRecovery } from './kept-account';

/** Signed in, but not as someone who can open this phone's data. */
export class RecoveryRefusedError extends Error {
  constructor() {
    super('this account cannot unlock the data on this phone');
    this.name = 'RecoveryRefusedError';
  }
}

/** Sign in and open the data key; the account is kept and the lock tied to the new device at once. */
export async function recoverBySignIn(name: string, password: string): Promise<void> {
  const previousDeviceId = await lockedDeviceId();
  await withSyncLock(async () => {
    const session = await createApi(undefined).login({
      name,
      password,
      ...(previousDeviceId ? { previousDeviceId } : {}),
    });
    const secret = session.previousDevice?.id === previousDeviceId ? session.previousDevice?.recoveryKey : undefined;
    if (!secret || !(await unlockWithRecovery(secret))) {
      // No live session left behind for a sign-in that opened nothing.
      await createApi(session.token)
        .logout()
        .catch(() => undefined);
      throw new RecoveryRefusedError();
    }
    const { account, previousDevice } = keptAccount(session);
    await saveAccount(account, previousDevice);
    // Tied to the new device before the new PIN: should the page close now, the next
    // recovery names this device, which the server still knows.
    await rememberServer(serverRecovery(session));
  });
}

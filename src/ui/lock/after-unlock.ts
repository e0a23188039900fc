// Once the app is open behind a lock: it locks again when idle, and a lock set up
// offline is tied to the account when the server answers.
import { lockStatus } from '../../db/at-rest/lock';
import { armIdleLock } from './idle';
import { tieLockToServer } from './setup';

export async function afterUnlock(): Promise<void> {
  const status = await lockStatus();
  if (status.kind !== 'open') return;
  armIdleLock(status.idleMinutes);
  void tieLockToServer();
}

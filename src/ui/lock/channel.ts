// Every tab of the app holds its own copy of the data key. A tab that locks, sets up or
// removes the lock tells the others, which reload: a tab still writing in the clear
// after the lock was set up, or holding the key after "lock now", would undo it.
// One channel per tab: a channel never hears its own messages.
import { markLocked } from '../../db/at-rest/keyring';

type LockEvent = 'locked' | 'set-up' | 'locking-out' | 'removed';

const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('xunjian-lock');

export function announce(event: LockEvent): void {
  channel?.postMessage(event);
}

export function reloadOnLockChange(): void {
  if (!channel) return;
  channel.onmessage = () => {
    // No write from this tab after this moment, not even an edit flushed as the page
    // goes: it would be sealed with a key about to go, or left in the clear after the
    // lock was set up. (An edit of the last fraction of a second in this tab is lost.)
    markLocked();
    location.reload();
  };
}

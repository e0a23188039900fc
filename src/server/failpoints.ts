// Fault injection for the crash tests: XUNJIAN_FAILPOINT names a point at which the
// server kills itself with SIGKILL — no cleanup, no reply, like a process killed by the
// system at the worst moment. Unset (as in production), failpoint() does nothing.
export type Failpoint =
  /** Every entry of a push applied inside its transaction, the commit not yet made. */
  | 'push-before-commit'
  /** The push committed, the reply not yet sent. */
  | 'push-after-commit'
  /** An upload's bytes verified and fsync'd in the temporary folder, not yet in place. */
  | 'blob-before-rename'
  /** The bytes in place and their directory fsync'd, the database row not yet written. */
  | 'blob-after-rename'
  /** The row written, the reply not yet sent. */
  | 'blob-after-row';

const armed = process.env.XUNJIAN_FAILPOINT;

export function failpoint(name: Failpoint): void {
  if (armed === name) process.kill(process.pid, 'SIGKILL');
}

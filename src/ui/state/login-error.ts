import { OfflineError, SyncRequestError } from '../../sync/api';
import { t } from '../i18n';

/** Why a sign-in failed, in the user's words (the sign-in screen and the lock screen's recovery). */
export function describeLoginError(err: unknown): string {
  if (err instanceof OfflineError) return t('login.failed.offline');
  if (err instanceof SyncRequestError) {
    if (err.code === 'invalid-credentials') return t('login.failed.credentials');
    if (err.code === 'too-many-attempts')
      return t('login.failed.rate', { seconds: err.detail.retryAfterSeconds ?? 60 });
    if (err.code === 'busy') return t('login.failed.busy', { seconds: err.detail.retryAfterSeconds ?? 5 });
    return t('login.failed.other', { message: err.message });
  }
  return t('login.failed.other', { message: err instanceof Error ? err.message : String(err) });
}

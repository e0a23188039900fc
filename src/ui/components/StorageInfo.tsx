import { createResource, from, Show } from 'solid-js';
import { unsyncedEvidence } from '../../db/blobs';
import { observe } from '../../db/live';
import { requestPersistence, storageStatus } from '../../db/storage';
import { formatBytes, t } from '../i18n';
import { fontWarmup } from '../state/font-warmup';

/** Tells the user whether the browser may evict their work, and how much room is left. */
export function StorageInfo() {
  const [status] = createResource(async () => {
    await requestPersistence().catch(() => undefined);
    return storageStatus();
  });
  // Photos are the biggest data and exist only on this phone until synced.
  const unsynced = from(observe(unsyncedEvidence));
  return (
    <Show when={status()}>
      {(s) => (
        <section class="storage-info" aria-label={t('storage.title')}>
          <p classList={{ warn: s().persisted === false }} data-testid="persist-status">
            {s().persisted === true
              ? t('storage.persisted')
              : s().persisted === false
                ? t('storage.notPersisted')
                : t('storage.unknown')}
          </p>
          <Show when={unsynced()}>
            {(u) => (
              <p classList={{ warn: u().count > 0 }} data-testid="unsynced">
                {t('evidence.unsynced', { count: u().count, size: formatBytes(u().bytes) })}
              </p>
            )}
          </Show>
          <Show when={fontWarmup().state !== 'idle'}>
            <p classList={{ warn: fontWarmup().state === 'failed' }} data-testid="fonts-status">
              {fontWarmup().state === 'ready'
                ? t('fonts.ready')
                : fontWarmup().state === 'loading'
                  ? t('fonts.loading', { done: fontWarmup().done, total: fontWarmup().total })
                  : t('fonts.failed')}
            </p>
          </Show>
          <Show when={s().quota !== undefined}>
            <p class="muted">
              {t('storage.usage', {
                used: formatBytes(s().usage),
                free: formatBytes((s().quota ?? 0) - (s().usage ?? 0)),
              })}
            </p>
          </Show>
        </section>
      )}
    </Show>
  );
}

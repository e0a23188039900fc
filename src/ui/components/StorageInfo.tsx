import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { createResource, from, onMount, Show } from 'solid-js';
import { unsyncedEvidence } from '../../db/blobs';
import { observe } from '../../db/live';
import { requestPersistence, storageStatus } from '../../db/storage';
import { formatBytes, t } from '../i18n';
import { fontWarmup, type FontWarmup } from '../state/font-warmup';
import { unsyncedEvidenceText } from './unsynced-evidence-text';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

/** Tells the user whether the browser may evict their work, and how much room is left. */
export function StorageInfo() {
  // What is known is shown at once; Firefox asks the user before granting persistence,
  // and its answer (maybe never, if the prompt is ignored) updates the line when it comes.
  const [status, { refetch }] = createResource(storageStatus);
  onMount(() => void requestPersistence().then(refetch, () => undefined));
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
                {unsyncedEvidenceText(u())}
              </p>
            )}
          </Show>
          <Show when={fontWarmup().state !== 'idle'}>
            <p classList={{ warn: fontWarmup().state === 'incomplete' }} data-testid="fonts-status">
              {fontStatusText(fontWarmup())}
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

/** What the font cache holds, in words: ready only when every file is in the cache. */
function fontStatusText(f: FontWarmup): string {
  const counts = { cached: f.cached, total: f.total, missing: f.total - f.cached };
  if (f.state === 'ready') return t('fonts.ready', counts);
  if (f.state === 'loading') return t('fonts.loading', counts);
  return t(f.mainCached ? 'fonts.partial' : 'fonts.none', counts);
}

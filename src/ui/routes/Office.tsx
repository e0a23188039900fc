import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { A } from '@solidjs/router';
import { createMemo, from } from 'solid-js';
import { listInspections } from '../../db/bundle';
import { observe } from '../../db/live';
import { ServerList } from '../components/office/ServerList';
import { t } from '../i18n';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

/** An inspector's way to the server's list: their inspections, to fetch one removed from this phone again. */
export default function Office() {
  const local = from(observe(listInspections));
  const onDevice = createMemo(() => new Set((local() ?? []).map((i) => i.id)));
  return (
    <section class="page">
      <div class="page-head">
        <A href="/">{t('nav.back')}</A>
      </div>
      <ServerList onDevice={onDevice()} />
    </section>
  );
}

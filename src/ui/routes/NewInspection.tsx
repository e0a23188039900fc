import { LIST_LIMITS, TEXT_LIMITS } from '../../shared/text-limits';
import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { useNavigate } from '@solidjs/router';
import { createSignal, For, from, onMount, Show } from 'solid-js';
import { refreshTemplates } from '../state/templates';
import { createInspection, latestTemplates, observe } from '../../db';
import { UNIT_WIDE_KINDS, type ChecklistTemplate } from '../../shared/checklist';
import { loc, t } from '../i18n';
import { save } from '../state/save-status';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export default function NewInspection() {
  const navigate = useNavigate();
  const templates = from(observe(latestTemplates));
  // Normally already stored at start-up; on a first visit straight to this form, fetch now.
  onMount(() => void refreshTemplates());
  const [error, setError] = createSignal('');

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    const inspectors = field('inspectors')
      .split(/[\n,，、]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const tpl = templates()?.find((x) => x.id === field('template'));
    if (!field('unit') || inspectors.length === 0 || !tpl) {
      setError(tpl ? t('new.required') : t('list.noTemplate'));
      return;
    }
    if (inspectors.length > LIST_LIMITS.inspectors) {
      setError(t('text.tooMany', { max: LIST_LIMITS.inspectors, n: inspectors.length }));
      return;
    }
    const long = inspectors.find((name) => name.length > TEXT_LIMITS.person);
    if (long) {
      setError(t('text.tooLong', { text: long, max: TEXT_LIMITS.person, n: long.length }));
      return;
    }
    const created = await save(() =>
      createInspection(
        {
          unit: field('unit'),
          address: field('address'),
          date: field('date') || today(),
          basis: field('basis'),
          inspectors,
          representative: { name: field('repName'), title: field('repTitle') },
          template: { id: tpl.id, version: tpl.version },
        },
        UNIT_WIDE_KINDS.map((kind) => ({ kind, name: t(`kind.${kind}`) })),
      ),
    );
    if (created) navigate(`/i/${created.id}`, { replace: true });
  };

  return (
    <section class="page">
      <h1>{t('new.title')}</h1>
      <form class="form" onSubmit={(e) => void onSubmit(e)}>
        <label>
          {t('new.unit')}
          <input name="unit" required maxLength={TEXT_LIMITS.unit} autocomplete="organization" />
        </label>
        <label>
          {t('new.address')}
          <input name="address" maxLength={TEXT_LIMITS.address} autocomplete="street-address" />
        </label>
        <label>
          {t('new.date')}
          <input name="date" type="date" value={today()} required />
        </label>
        <label>
          {t('new.basis')}
          <input name="basis" maxLength={TEXT_LIMITS.basis} placeholder={t('new.basisHint')} />
        </label>
        <label>
          {t('new.inspectors')}
          <textarea name="inspectors" rows="2" required placeholder={t('new.inspectorsHint')} />
        </label>
        <div class="row">
          <label>
            {t('new.repName')}
            <input name="repName" maxLength={TEXT_LIMITS.person} />
          </label>
          <label>
            {t('new.repTitle')}
            <input name="repTitle" maxLength={TEXT_LIMITS.title} />
          </label>
        </div>
        <label>
          {t('new.template')}
          <select name="template" required>
            <For each={templates() ?? []}>
              {(tpl: ChecklistTemplate) => (
                <option value={tpl.id}>
                  {loc(tpl.title)} · {t('new.templateVersion', { version: tpl.version })}
                </option>
              )}
            </For>
          </select>
        </label>
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" class="primary">
          {t('new.create')}
        </button>
      </form>
    </section>
  );
}

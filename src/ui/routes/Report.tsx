import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { useParams } from '@solidjs/router';
import { createMemo, createSignal, For, from, Show } from 'solid-js';
import { getAccount, getDraftEdits, getDraftVoice, observe, resetDraft, saveDraftEdit, saveDraftVoice } from '../../db';
import { defaultVoice, draftReport, draftText, type DraftSection, type ReportVoice } from '../../report/model/draft';
import { EditableText } from '../components/EditableText';
import { InspectionHeader } from '../components/InspectionHeader';
import { PdfExport } from '../components/PdfExport';
import { draftJob, pdfFileName } from '../state/pdf-jobs';
import { t } from '../i18n';
import { useInspection } from '../state/inspection-context';
import { recordInputOf } from '../state/record-input';
import { save } from '../state/save-status';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

/** The drafted 自查报告: generated from the data, every section editable, edits kept. */
export default function Report() {
  const params = useParams<{ id: string }>();
  const { state, b } = useInspection();
  const edits = from(observe(() => getDraftEdits(params.id)));
  const chosenVoice = from(observe(() => getDraftVoice(params.id)));
  // The office's name when this phone is signed in: an office inspecting another unit writes as its 检查组.
  const account = from(observe(() => getAccount()));
  const office = () => account()?.organisation.name;
  const [copied, setCopied] = createSignal(false);
  const voice = () => chosenVoice() ?? defaultVoice(b().inspection.unit, office());
  const generated = createMemo(() => draftReport(recordInputOf(state, b(), ''), { voice: voice(), office: office() }));
  const chooseVoice = (next: ReportVoice) => {
    const id = b().inspection.id;
    void save(() => saveDraftVoice(id, next));
  };
  const effective = createMemo<DraftSection[]>(() =>
    generated().map((s) => ({ ...s, text: edits()?.[s.id] ?? s.text })),
  );
  const copy = async () => {
    await navigator.clipboard.writeText(draftText(effective()));
    setCopied(true);
    setTimeout(() => setCopied(false), 3000);
  };
  return (
    <section class="page report">
      <InspectionHeader inspection={b().inspection} sub={t('report.title')} />
      <p class="muted small">{t('report.intro')}</p>
      <p class="small">{t('report.voice')}</p>
      <div class="choices" role="group" aria-label={t('report.voice')}>
        <For each={['self', 'office'] as const}>
          {(v) => (
            <button type="button" class="choice" aria-pressed={voice() === v} onClick={() => chooseVoice(v)}>
              {t(`report.voice.${v}`)}
            </button>
          )}
        </For>
      </div>
      <Show when={Object.keys(edits() ?? {}).length > 0}>
        <p class="muted small">{t('report.voiceKeepsEdits')}</p>
      </Show>
      {/* Keyed by section id (a string): an edit re-renders the text, never replaces the
          field being typed in. */}
      <For each={effective().map((s) => s.id)}>
        {(sectionId) => {
          const text = () => effective().find((s) => s.id === sectionId)?.text ?? '';
          const edited = () => edits()?.[sectionId] !== undefined;
          return (
            <div class="draft-section" data-section={sectionId}>
              <label>
                {t(`report.section.${sectionId}`)}
                <EditableText
                  multiline
                  rows={Math.min(12, Math.max(2, Math.ceil(text().length / 22)))}
                  value={text()}
                  onSave={(value) => {
                    const id = b().inspection.id;
                    void save(() => saveDraftEdit(id, sectionId, value));
                  }}
                />
              </label>
              <Show when={edited()}>
                <p class="small">
                  <span class="muted">{t('report.edited')}</span>{' '}
                  <button
                    type="button"
                    class="link"
                    onClick={() => {
                      const id = b().inspection.id;
                      void save(() => saveDraftEdit(id, sectionId, undefined));
                    }}
                  >
                    {t('report.resetSection')}
                  </button>
                </p>
              </Show>
            </div>
          );
        }}
      </For>
      <div class="row">
        <button type="button" class="primary" onClick={() => void copy()}>
          {copied() ? t('report.copied') : t('report.copy')}
        </button>
        <PdfExport
          label={t('pdf.draft')}
          fileName={() => pdfFileName(b().inspection, 'draft')}
          job={() => draftJob(b(), effective())}
        />
        <button
          type="button"
          onClick={() => {
            const id = b().inspection.id;
            if (window.confirm(t('report.resetConfirm'))) void save(() => resetDraft(id));
          }}
        >
          {t('report.resetAll')}
        </button>
      </div>
    </section>
  );
}

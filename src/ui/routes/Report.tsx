import { useParams } from '@solidjs/router';
import { createMemo, createSignal, For, from, Show } from 'solid-js';
import { getDraftEdits, observe, resetDraft, saveDraftEdit } from '../../db';
import { draftReport, draftText, type DraftSection } from '../../report/draft';
import { EditableText } from '../components/EditableText';
import { InspectionHeader } from '../components/InspectionHeader';
import { PdfExport } from '../components/PdfExport';
import { draftJob, pdfFileName } from '../state/pdf-jobs';
import { t } from '../i18n';
import { createInspectionState } from '../state/bundle';
import { recordInputOf } from '../state/record-input';
import { save } from '../state/save-status';
import { Loaded } from './Loaded';

/** The drafted 自查报告: generated from the data, every section editable, edits kept. */
export default function Report() {
  const params = useParams<{ id: string }>();
  const state = createInspectionState(() => params.id);
  const edits = from(observe(() => getDraftEdits(params.id)));
  const [copied, setCopied] = createSignal(false);
  return (
    <Loaded state={state}>
      {(b) => {
        const generated = createMemo(() => draftReport(recordInputOf(state, b(), '')));
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
      }}
    </Loaded>
  );
}

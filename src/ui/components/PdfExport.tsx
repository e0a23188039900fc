import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { makePdf } from '../../report/client/pdf-worker';
import type { PreparedJob } from '../../report/client/record-job';
import { MARKING_MAX } from '../../report/model/marking';
import { placeholderOf } from '../../report/model/placeholder';
import type { MissingText } from '../../report/model/record-places';
import { t } from '../i18n';
import { pdfMarking, savePdfMarking } from '../state/pdf-jobs';

type ExportState =
  | { kind: 'idle' }
  | { kind: 'working'; step: string; done: number; total: number }
  | { kind: 'done'; url: string; file: File; pages: number; missing: MissingText[] }
  | { kind: 'error'; message: string };

/**
 * Make a PDF in the record worker, show progress, allow cancel, then share or download;
 * with the page marking to print, and a confirm step when characters print as placeholders.
 */
export function PdfExport(props: { label: string; fileName: () => string; job: () => Promise<PreparedJob> }) {
  const [state, setState] = createSignal<ExportState>({ kind: 'idle' });
  const [marking, setMarking] = createSignal('');
  // A PDF with placeholders goes out only once the user said so.
  const [placeholdersAccepted, setPlaceholdersAccepted] = createSignal(false);
  // The job reads the marking from the settings: it waits for the last save.
  let saving: Promise<void> = Promise.resolve();
  onMount(() => void pdfMarking().then(setMarking));
  // The PDF being made: aborting it terminates its worker (nothing half-written is kept).
  let making: AbortController | undefined;
  const release = () => {
    making?.abort();
    making = undefined;
    const s = state();
    if (s.kind === 'done') URL.revokeObjectURL(s.url);
  };
  onCleanup(release);

  const changeMarking = (value: string) => {
    setMarking(value);
    saving = savePdfMarking(value).catch(() => undefined);
    // A PDF made with the old marking no longer is what the user asked for.
    if (state().kind === 'done') {
      release();
      setState({ kind: 'idle' });
    }
  };

  const start = async () => {
    release();
    const run = (making = new AbortController());
    setPlaceholdersAccepted(false);
    setState({ kind: 'working', step: 'fonts', done: 0, total: 1 });
    try {
      await saving;
      const [job, fileName] = [await props.job(), props.fileName()];
      const made = await makePdf(job, {
        signal: run.signal,
        onProgress: (p) => setState({ kind: 'working', step: p.step, done: p.done, total: p.total }),
      });
      const file = new File([made.pdf], fileName, { type: 'application/pdf' });
      setState({ kind: 'done', url: URL.createObjectURL(file), file, pages: made.pages, missing: made.missing });
    } catch (err) {
      // Cancelled (or started again): the state already says what came instead.
      if (run.signal.aborted) return;
      setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      if (making === run) making = undefined;
    }
  };
  const cancel = () => {
    making?.abort();
    making = undefined;
    setState({ kind: 'idle' });
  };
  const canShare = (file: File) => typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] });

  return (
    <div class="pdf-export" data-testid="pdf-export">
      <Show when={state().kind !== 'working'}>
        <label>
          {t('pdf.marking')}
          <input
            type="text"
            data-testid="pdf-marking"
            value={marking()}
            maxLength={MARKING_MAX}
            placeholder={t('pdf.markingNone')}
            onChange={(e) => changeMarking(e.currentTarget.value)}
          />
        </label>
      </Show>
      <Switch>
        <Match when={state().kind === 'idle' || state().kind === 'error'}>
          <button type="button" class="primary" onClick={() => void start()}>
            {props.label}
          </button>
          <Show
            when={(() => {
              const s = state();
              return s.kind === 'error' ? s : undefined;
            })()}
          >
            {(s) => (
              <p class="error" role="alert">
                {t('pdf.failed', { message: s().message })}
              </p>
            )}
          </Show>
        </Match>
        <Match
          when={(() => {
            const s = state();
            return s.kind === 'working' ? s : undefined;
          })()}
        >
          {(s) => (
            <div class="row" role="status">
              <span>{t(`pdf.step.${s().step}` as 'pdf.step.fonts', { done: s().done, total: s().total })}</span>
              <progress max={s().total} value={s().done} />
              <button type="button" onClick={cancel}>
                {t('common.cancel')}
              </button>
            </div>
          )}
        </Match>
        <Match
          when={(() => {
            const s = state();
            return s.kind === 'done' ? s : undefined;
          })()}
        >
          {(s) => (
            <div>
              <p class="small" data-testid="pdf-ready">
                {t('pdf.ready', { name: s().file.name, pages: s().pages, kb: Math.round(s().file.size / 1024) })}
              </p>
              <Show when={s().missing.length > 0}>
                <div class="warn small" role="alert" data-testid="pdf-missing">
                  <p>{t('pdf.missing')}</p>
                  <ul>
                    <For each={s().missing}>
                      {(m) => (
                        <li>
                          {t('pdf.missingPlace', {
                            place: m.place,
                            chars: m.chars.map((ch) => `${ch} ${placeholderOf(ch)}`).join(', '),
                          })}
                        </li>
                      )}
                    </For>
                  </ul>
                  <p>{t('pdf.missingStill')}</p>
                </div>
              </Show>
              <Show
                when={s().missing.length === 0 || placeholdersAccepted()}
                fallback={
                  <div class="row">
                    <button type="button" class="primary" onClick={() => setPlaceholdersAccepted(true)}>
                      {t('pdf.missingConfirm')}
                    </button>
                    <button type="button" class="ghost" onClick={() => void start()}>
                      {t('pdf.again')}
                    </button>
                  </div>
                }
              >
                <div class="row">
                  <Show when={canShare(s().file)}>
                    <button
                      type="button"
                      class="primary"
                      onClick={() =>
                        void navigator.share({ files: [s().file], title: s().file.name }).catch(() => undefined)
                      }
                    >
                      {t('pdf.share')}
                    </button>
                  </Show>
                  <a class="button" href={s().url} download={s().file.name}>
                    {t('pdf.download')}
                  </a>
                  <button type="button" class="ghost" onClick={() => void start()}>
                    {t('pdf.again')}
                  </button>
                </div>
              </Show>
            </div>
          )}
        </Match>
      </Switch>
    </div>
  );
}

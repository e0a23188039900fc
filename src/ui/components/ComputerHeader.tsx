import { createSignal, Show } from 'solid-js';
import type { Progress } from '../../shared/progress';
import { removeComputer, restoreComputer, updateComputer } from '../../db';
import type { Computer } from '../../shared/inspection';
import { t } from '../i18n';
import { save } from '../state/save-status';
import { ComputerForm } from './ComputerForm';
import { RecordHistory } from './history/RecordHistory';
import { offerUndo } from './UndoToast';

export function computerLabel(c: Computer, n: number): string {
  return [t('pc.title', { n }), c.assetTag, c.user].filter(Boolean).join(' · ');
}

/**
 * The heading of one PC's block: its name and progress, a tap opens or closes the block
 * (an office of 40 PCs shows one PC's items at a time); edit and remove (undoable) while open.
 */
export function ComputerHeader(props: {
  computer: Computer;
  n: number;
  locked: boolean;
  progress: Progress;
  open: boolean;
  onToggle: () => void;
}) {
  const [editing, setEditing] = createSignal(false);
  const remove = () => {
    const computer = props.computer;
    const name = computerLabel(computer, props.n);
    void save(() => removeComputer(computer)).then(() =>
      offerUndo({ message: t('pc.removed', { name }), undo: () => void save(() => restoreComputer(computer)) }),
    );
  };
  return (
    <header class="computer-header" data-computer-id={props.computer.id}>
      <Show
        when={editing()}
        fallback={
          <>
            <h3>
              <button
                type="button"
                class="pc-toggle"
                aria-expanded={props.open}
                aria-controls={`pc-${props.computer.id}`}
                onClick={() => props.onToggle()}
              >
                <span class="pc-name">{computerLabel(props.computer, props.n)}</span>
                <Show when={props.computer.classified}>
                  <span class="chip severity-high">{t('pc.classified')}</span>
                </Show>
                <span
                  class="pc-progress"
                  classList={{ complete: props.progress.complete }}
                  aria-label={t('pc.progress', { answered: props.progress.answered, total: props.progress.total })}
                >
                  {props.progress.complete ? '✓ ' : ''}
                  {props.progress.answered}/{props.progress.total}
                </span>
              </button>
            </h3>
            <Show when={props.computer.location}>
              <p class="muted small">{props.computer.location}</p>
            </Show>
            <div class="row" hidden={props.locked || !props.open}>
              <button type="button" class="small" onClick={() => setEditing(true)}>
                {t('pc.edit')}
              </button>
              <button type="button" class="small danger" onClick={remove}>
                {t('pc.remove')}
              </button>
            </div>
            <Show when={props.open}>
              <RecordHistory inspectionId={props.computer.inspectionId} kind="computer" recordId={props.computer.id} />
            </Show>
          </>
        }
      >
        <ComputerForm
          initial={props.computer}
          submitLabel={t('pc.save')}
          onSubmit={(fields) => {
            const computer = props.computer;
            void save(() => updateComputer(computer, fields));
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </Show>
    </header>
  );
}

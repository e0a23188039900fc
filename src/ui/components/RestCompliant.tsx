import { createMemo, Show } from 'solid-js';
import { markRestCompliant, undoAnswers } from '../../db';
import type { Answer } from '../../shared/inspection';
import type { ByKey, WalkItem } from '../../shared/progress';
import { restCompliant } from '../../shared/rest-compliant';
import { t } from '../i18n';
import { save } from '../state/save-status';
import { offerUndo } from './UndoToast';

/** 其余符合 for one block (a room's own items or one PC): says how many, then marks them; undoable. */
export function RestCompliant(props: {
  inspectionId: string;
  items: readonly WalkItem[];
  answers: ByKey<Answer>;
  locked: boolean;
}) {
  const rest = createMemo(() => restCompliant(props.items, props.answers).length);
  const mark = () => {
    if (!window.confirm(t('room.restConfirm', { count: rest() }))) return;
    const { inspectionId, items } = props;
    void save(() => markRestCompliant(inspectionId, items)).then((undo) => {
      if (undo?.written.length)
        offerUndo({
          message: t('room.restDone', { count: undo.written.length }),
          undo: () => void save(() => undoAnswers(undo)),
        });
    });
  };
  return (
    <Show when={!props.locked && rest() > 0}>
      <button type="button" class="wide rest-compliant" onClick={mark}>
        {t('room.restCompliant', { count: rest() })}
      </button>
    </Show>
  );
}

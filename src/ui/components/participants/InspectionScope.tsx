import { useNavigate } from '@solidjs/router';
import { createMemo, from, Show } from 'solid-js';
import { copyState, removeFromDevice } from '../../../db/device-scope';
import { observe } from '../../../db/live';
import { t } from '../../i18n';
import { save } from '../../state/save-status';
import { account, canReview } from '../../state/sync';
import { Participants } from './Participants';

/**
 * Who works on the inspection, and this phone's copy of it: a synced, signed inspection
 * (or one a reviewer opened) can leave the phone and be fetched again from the server.
 */
export function InspectionScope(props: { inspectionId: string; unit: string; signed: boolean }) {
  const navigate = useNavigate();
  const copy = createMemo(() => {
    const inspectionId = props.inspectionId;
    return from(observe(() => copyState(inspectionId)));
  });
  const state = () => copy()();
  const remove = (inspectionId: string, unit: string) => {
    if (!window.confirm(t('device.removeConfirm', { unit }))) return;
    void save(async () => {
      await removeFromDevice(inspectionId);
      return true;
    }).then((removed) => removed && navigate('/'));
  };
  return (
    <Show when={account()}>
      <Participants inspectionId={props.inspectionId} onServer={state()?.onServer ?? false} />
      <Show when={state()?.onServer && (props.signed || canReview())}>
        <div class="device-copy">
          <button
            type="button"
            data-testid="remove-from-device"
            disabled={!state()?.removable}
            onClick={() => remove(props.inspectionId, props.unit)}
          >
            {t('device.remove')}
          </button>
          <Show when={!state()?.removable}>
            <p class="muted small">{t('device.removeBlocked')}</p>
          </Show>
        </div>
      </Show>
    </Show>
  );
}

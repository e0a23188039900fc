import { canInspect } from '../state/sync';
import { useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { addSignature, ContentChangedError, inspectionDigest, reopenInspection } from '../../db';
import { sha256Hex, validSignatures, type Signature, type SignerRole } from '../../shared/evidence';
import { countResults, inspectionWalk, numberedFindings } from '../../shared/progress';
import { FindingsList } from '../components/FindingsList';
import { InspectionHeader } from '../components/InspectionHeader';
import { ResultCounts } from '../components/ResultCounts';
import { SignaturePadDialog, type SignedImage } from '../components/SignaturePadDialog';
import { t } from '../i18n';
import { createInspectionState, lockedOf, recordsOf } from '../state/bundle';
import { reportFailure, save } from '../state/save-status';
import { Loaded } from './Loaded';

interface SignerSlot {
  key: string;
  role: SignerRole;
  name: string;
  title: string;
}

/** The end of the visit: what is being signed, its digest, each signer's signature, reopening. */
export default function Sign() {
  const params = useParams<{ id: string }>();
  const state = createInspectionState(() => params.id);
  return (
    <Loaded state={state}>
      {(b) => {
        const records = createMemo(() => recordsOf(state));
        const locked = createMemo(() => lockedOf(state));
        // Recomputed whenever the stored content changes (updatedAt moves with every edit).
        const [digest, { refetch }] = createResource(
          () => [b().inspection.id, b().inspection.updatedAt] as const,
          ([id]) => inspectionDigest(id),
        );
        const counts = createMemo(() =>
          countResults(inspectionWalk(b().template, b().rooms, b().computers), records().answers),
        );
        const findings = createMemo(() => numberedFindings(b().template, b().rooms, b().computers, records()));
        const slots = createMemo<SignerSlot[]>(() => [
          ...b().inspection.inspectors.map((name, i) => ({
            key: `inspector-${i}`,
            role: 'inspector' as const,
            name,
            title: '',
          })),
          {
            key: 'representative',
            role: 'representative' as const,
            name: b().inspection.representative.name,
            title: b().inspection.representative.title,
          },
        ]);
        const signatureOf = (slot: SignerSlot): Signature | undefined =>
          validSignatures(b().signatures).find((s) => s.role === slot.role && s.name === slot.name) ??
          (slot.role === 'representative'
            ? validSignatures(b().signatures).find((s) => s.role === slot.role)
            : undefined);
        // The digest is taken when the pad opens: what the signer saw is what they sign.
        const [signing, setSigning] = createSignal<{ slot: SignerSlot; shown: string }>();
        const [notice, setNotice] = createSignal('');

        const store = async (slot: SignerSlot, shown: string, signed: SignedImage) => {
          setSigning(undefined);
          const png = await signed.png.arrayBuffer();
          const pngSha = await sha256Hex(png);
          const inspectionId = b().inspection.id;
          try {
            await addSignature(
              inspectionId,
              { role: slot.role, name: signed.name, title: signed.title },
              png,
              pngSha,
              shown,
            );
            setNotice('');
          } catch (err) {
            if (err instanceof ContentChangedError) {
              setNotice(t('sign.changed'));
              void refetch();
            } else reportFailure(err, () => void store(slot, shown, signed));
          }
        };

        const reopen = (event: SubmitEvent) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget as HTMLFormElement);
          const [by, reason] = [String(form.get('by') ?? '').trim(), String(form.get('reason') ?? '').trim()];
          if (!by || !reason) return;
          const inspectionId = b().inspection.id;
          void save(() => reopenInspection(inspectionId, by, reason));
        };

        return (
          <section class="page sign">
            <InspectionHeader inspection={b().inspection} sub={t('sign.title')} />
            <p>{t('sign.intro')}</p>
            <ResultCounts counts={counts()} />
            <h2>{t('summary.findings')}</h2>
            <FindingsList findings={findings()} computers={b().computers} />
            <h2>{t('sign.digest')}</h2>
            <p class="digest" data-testid="digest">
              {digest() ?? t('common.loading')}
            </p>
            <Show when={notice()}>
              <p class="error" role="alert">
                {notice()}
              </p>
            </Show>
            <h2>{t('sign.signers')}</h2>
            <ul class="cards" data-testid="signers">
              <For each={slots()}>
                {(slot) => (
                  <li class="card signer" data-role={slot.role}>
                    <p>
                      <strong>{signatureOf(slot)?.name ?? slot.name}</strong>{' '}
                      <span class="muted">
                        {t(slot.role === 'inspector' ? 'sign.inspector' : 'sign.representative')}
                      </span>
                    </p>
                    <Show
                      when={signatureOf(slot)}
                      fallback={
                        <button
                          type="button"
                          class="primary"
                          // Reviewers read the record; only the people who inspected sign it.
                          disabled={!digest() || !canInspect()}
                          onClick={() => {
                            const shown = digest();
                            if (shown) setSigning({ slot, shown });
                          }}
                        >
                          {t('sign.sign')}
                        </button>
                      }
                    >
                      {(s) => (
                        <p class="signed" data-testid="signed">
                          ✓ {t('sign.signed', { time: new Date(s().signedAt).toLocaleString() })}
                        </p>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
            <Show when={locked()}>
              <p class="banner banner-info" role="status" data-testid="locked">
                {t('sign.locked')}
              </p>
            </Show>
            <Show when={locked() && canInspect()}>
              <form class="form reopen" onSubmit={reopen}>
                <h2>{t('sign.reopen')}</h2>
                <label>
                  {t('sign.reopenBy')}
                  <input name="by" required value={b().inspection.inspectors[0] ?? ''} />
                </label>
                <label>
                  {t('sign.reopenReason')}
                  <textarea name="reason" rows="2" required />
                </label>
                <button type="submit" class="danger">
                  {t('sign.reopenConfirm')}
                </button>
              </form>
            </Show>
            <Show when={(b().inspection.reopenings ?? []).length > 0}>
              <h2>{t('sign.reopenings')}</h2>
              <ul data-testid="reopenings">
                <For each={b().inspection.reopenings ?? []}>
                  {(r) => (
                    <li>
                      {t('sign.reopening', {
                        time: new Date(r.at).toLocaleString(),
                        by: r.by,
                        reason: r.reason,
                        count: r.voidedSignatureIds.length,
                      })}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={signing()}>
              {(job) => (
                <SignaturePadDialog
                  heading={t(job().slot.role === 'inspector' ? 'sign.inspector' : 'sign.representative')}
                  name={job().slot.name}
                  title={job().slot.title}
                  nameEditable={job().slot.role === 'representative'}
                  onConfirm={(signed) => void store(job().slot, job().shown, signed)}
                  onCancel={() => setSigning(undefined)}
                />
              )}
            </Show>
          </section>
        );
      }}
    </Loaded>
  );
}

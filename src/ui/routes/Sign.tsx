import { registerLazyMessages } from '../i18n/zh-CN-lazy';
import { createMemo, createResource } from 'solid-js';
import { inspectionDigest } from '../../db';
import { countResults, inspectionWalk, numberedFindings } from '../../shared/progress';
import { FindingsList } from '../components/FindingsList';
import { InspectionHeader } from '../components/InspectionHeader';
import { ResultCounts } from '../components/ResultCounts';
import { LockedNotice, ReopeningList } from '../components/sign/Reopening';
import { SignedDigest } from '../components/sign/SignedDigest';
import { SignerList } from '../components/sign/SignerList';
import { signerSlots } from '../components/sign/signers';
import { createSigning, SigningPad } from '../components/sign/signing';
import { t } from '../i18n';
import { lockedOf, recordsOf } from '../state/bundle';
import { useInspection } from '../state/inspection-context';

// Loaded on demand: the strings that travel with such screens are registered before it renders.
registerLazyMessages();

/** The end of the visit: what is being signed, its digest, each signer's signature, reopening. */
export default function Sign() {
  const { state, b } = useInspection();
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
  const slots = createMemo(() => signerSlots(b().inspection));
  const signing = createSigning(
    () => b().inspection.id,
    () => void refetch(),
  );

  return (
    <section class="page sign">
      <InspectionHeader inspection={b().inspection} sub={t('sign.title')} />
      <p>{t('sign.intro')}</p>
      <ResultCounts counts={counts()} />
      <h2>{t('summary.findings')}</h2>
      <FindingsList findings={findings()} computers={b().computers} />
      <SignedDigest digest={digest()} notice={signing.notice()} />
      <SignerList slots={slots()} signatures={b().signatures} digest={digest()} onSign={signing.open} />
      <LockedNotice locked={locked()} inspection={b().inspection} />
      <ReopeningList reopenings={b().inspection.reopenings ?? []} />
      <SigningPad signing={signing} />
    </section>
  );
}

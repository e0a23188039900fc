import type { UnsyncedEvidence } from '../../db/blobs';
import { formatBytes, t } from '../i18n';

/** "尚未同步的证据：2 张照片、1 个签字，共 1.2 MB": photos and signatures apart, zero parts left out. */
export function unsyncedEvidenceText(u: UnsyncedEvidence): string {
  const parts = [
    ...(u.photos > 0 || u.signatures === 0 ? [t('evidence.photos', { n: u.photos })] : []),
    ...(u.signatures > 0 ? [t('evidence.signatures', { n: u.signatures })] : []),
  ];
  return t('evidence.unsyncedOf', { parts: parts.join(t('evidence.listJoin')), size: formatBytes(u.bytes) });
}

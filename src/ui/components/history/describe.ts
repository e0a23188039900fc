// One line for a version of a record, as the history and the "someone else changed it"
// notices show it: what a person would compare, not the record's fields.
import type { Answer, Computer, Finding, Inspection, RoomVisit } from '../../../shared/inspection';
import type { SyncedRecord } from '../../../shared/sync-protocol';
import type { ChecklistItem } from '../../../shared/checklist';
import { loc, t } from '../../i18n';

export type HistoryKind = 'inspection' | 'room' | 'computer' | 'answer' | 'finding';

export function describeVersion(kind: HistoryKind, record: SyncedRecord, item?: ChecklistItem): string {
  switch (kind) {
    case 'answer': {
      const a = record as Answer;
      // A choice is shown by its label, never its id.
      const option = item?.options?.find((o) => o.id === a.value);
      const value = option ? loc(option) : a.value === undefined ? '' : String(a.value);
      return [a.result ? t(`result.${a.result}`) : '', value, a.note ?? ''].filter(Boolean).join(' · ') || '—';
    }
    case 'finding': {
      const f = record as Finding;
      const r = f.rectification;
      return [f.problem, r.measure, r.owner, r.deadline].filter(Boolean).join(' / ') || '—';
    }
    case 'room': {
      const room = record as RoomVisit;
      return room.removedAt === undefined ? room.name : `${room.name} (${t('history.removed')})`;
    }
    case 'computer': {
      const c = record as Computer;
      const text = [c.assetTag, c.user, c.location].filter(Boolean).join(' · ') || '—';
      return c.removedAt === undefined ? text : `${text} (${t('history.removed')})`;
    }
    case 'inspection': {
      const i = record as Inspection;
      const rep = [i.representative.name, i.representative.title].filter(Boolean).join(' ');
      return [i.unit, i.date, i.address, i.inspectors.join(t('evidence.listJoin')), rep].filter(Boolean).join(' · ');
    }
  }
}

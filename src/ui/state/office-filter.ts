// The reviewer's filter over the organisation's inspections (the form that sets it,
// OfficeFilters, loads only for reviewers).
import type { Inspection } from '../../shared/inspection';

export type OfficeStatus = 'open' | 'signed' | 'reviewed' | 'returned';

export interface OfficeFilter {
  unit: string;
  /** YYYY-MM-DD or '' */
  from: string;
  to: string;
  status: OfficeStatus | 'all';
}

export function matches(f: OfficeFilter, inspection: Inspection, status: OfficeStatus): boolean {
  if (f.unit.trim() && !inspection.unit.includes(f.unit.trim())) return false;
  if (f.from && inspection.date < f.from) return false;
  if (f.to && inspection.date > f.to) return false;
  return f.status === 'all' || f.status === status;
}

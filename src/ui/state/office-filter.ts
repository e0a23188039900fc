// The office list's filter: what the server filters, sorts and pages on
// (InspectionListQuery in src/shared/sync-protocol.ts).
import type { InspectionListQuery, InspectionStatus } from '../../shared/sync-protocol';

export type OfficeStatus = InspectionStatus;
export type OfficeSort = NonNullable<InspectionListQuery['sort']>;
export const OFFICE_SORTS: readonly OfficeSort[] = ['date-desc', 'date-asc', 'updated-desc', 'unit-asc'];

export interface OfficeFilter {
  unit: string;
  /** YYYY-MM-DD or '' */
  from: string;
  to: string;
  status: OfficeStatus | 'all';
  /** A participant's user id, or '' for anyone. */
  inspector: number | '';
  sort: OfficeSort;
}

export const NO_FILTER: OfficeFilter = { unit: '', from: '', to: '', status: 'all', inspector: '', sort: 'date-desc' };

/** The query the server reads: empty fields left out. */
export function queryOf(f: OfficeFilter, page: number, pageSize: number): InspectionListQuery {
  return {
    ...(f.unit.trim() ? { unit: f.unit.trim() } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
    ...(f.status !== 'all' ? { status: f.status } : {}),
    ...(f.inspector !== '' ? { inspector: f.inspector } : {}),
    sort: f.sort,
    page,
    pageSize,
  };
}

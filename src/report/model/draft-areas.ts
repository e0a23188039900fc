// The four areas every seed report is written by (管理 / 技术防护 / 应急 / 培训), and the
// room kinds each one covers.
import type { RoomKind } from '../../shared/checklist';

export interface ReportArea {
  /** Heading in 二、检查情况. */
  checks: string;
  /** Label in 三、存在的问题. */
  problems: string;
  kinds: readonly RoomKind[];
}

export const AREAS: readonly ReportArea[] = [
  { checks: '管理情况', problems: '管理方面', kinds: ['organisation', 'policies', 'mlps'] },
  {
    checks: '技术防护情况',
    problems: '技术防护方面',
    kinds: ['machine-room', 'archive-room', 'office', 'public-services'],
  },
  { checks: '应急工作情况', problems: '应急工作方面', kinds: ['emergency'] },
  { checks: '宣传教育培训情况', problems: '宣传教育培训方面', kinds: ['training'] },
];

/** The area a room kind belongs to (技术防护 for a kind no area names). */
export function areaOf(kind: RoomKind): number {
  const n = AREAS.findIndex((a) => a.kinds.includes(kind));
  return n < 0 ? 1 : n;
}

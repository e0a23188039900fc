import type { Inspection } from '../../shared/inspection';

const KINDS = { record: '检查记录', draft: '自查报告' } as const;

/**
 * 〈单位〉-网络安全检查记录-YYYYMMDD.pdf: the name offices file these under, Chinese in
 * every UI language. Characters a file system refuses become "_".
 */
export function pdfFileName(inspection: Pick<Inspection, 'unit' | 'date'>, kind: keyof typeof KINDS): string {
  const unit = inspection.unit.replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${unit}-网络安全${KINDS[kind]}-${inspection.date.replaceAll('-', '')}.pdf`;
}

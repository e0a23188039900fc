import type { Inspection } from '../../src/shared/inspection';

/** The particulars of a sample inspection of the small template; tests override what they check. */
export function sampleInspection(overrides: Partial<Inspection> = {}): Inspection {
  return {
    id: 'i1',
    unit: '某县人民法院',
    address: '人民路1号',
    date: '2026-11-24',
    basis: '县网信办〔2026〕5号',
    inspectors: ['王堃', '陈镕'],
    representative: { name: '李喆', title: '办公室主任' },
    template: { id: 'small', version: 1 },
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

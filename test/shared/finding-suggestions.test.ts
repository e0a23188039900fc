import { describe, expect, it } from 'vitest';
import { deadlineOf, ownerSuggestions } from '../../src/shared/finding-suggestions';
import type { Finding } from '../../src/shared/inspection';

const finding = (owner: string, updatedAt: number): Finding => ({
  id: `f${updatedAt}`,
  inspectionId: 'i1',
  roomId: 'r1',
  itemId: `x${updatedAt}`,
  problem: 'p',
  rectification: { measure: 'm', owner, deadline: '' },
  updatedAt,
});

describe('owner suggestions', () => {
  it('offers the owners of this inspection, most used first, then most recent, trimmed and once each', () => {
    const findings = [finding('张三', 1), finding('李四', 2), finding(' 张三 ', 3), finding('', 4), finding('王堃', 5)];
    expect(ownerSuggestions(findings)).toEqual(['张三', '王堃', '李四']);
    expect(ownerSuggestions(findings, 1)).toEqual(['张三']);
    expect(ownerSuggestions([])).toEqual([]);
  });
});

describe('deadline presets', () => {
  it('counts 7 and 30 calendar days, across months and years, and year end is 31 December', () => {
    expect(deadlineOf('days7', '2026-12-28')).toBe('2027-01-04');
    expect(deadlineOf('days30', '2026-01-31')).toBe('2026-03-02');
    expect(deadlineOf('days7', '2028-02-25')).toBe('2028-03-03');
    expect(deadlineOf('yearEnd', '2026-03-01')).toBe('2026-12-31');
  });
});

import { describe, expect, it } from 'vitest';
import { contentProblem } from '../../src/shared/content-check';
import type { DigestInput } from '../../src/shared/digest';
import { TEXT_LIMITS } from '../../src/shared/text-limits';

const inspection = {
  id: 'i',
  unit: '某县人民法院',
  address: '',
  date: '2025-06-01',
  basis: '',
  inspectors: ['张三'],
  representative: { name: '', title: '' },
  template: { id: 'general', version: 1 },
  createdAt: 1,
  updatedAt: 1,
  position: { roomId: 'r' },
} as DigestInput['inspection'];
const answer = (note: string) => ({
  id: 'r/-/a',
  inspectionId: 'i',
  roomId: 'r',
  itemId: 'a',
  result: 'pass' as const,
  note,
  updatedAt: 1,
});
const content = (note: string): DigestInput => ({
  inspection,
  rooms: [],
  computers: [],
  answers: [answer(note)],
  findings: [],
  photos: [],
});

describe('what a signature would cover', () => {
  it('passes content the server takes (the resume position is the phone’s own)', () => {
    expect(contentProblem(content('备注'.repeat(10)))).toBeUndefined();
    expect(contentProblem(content('x'.repeat(TEXT_LIMITS.note)))).toBeUndefined();
  });

  it('names what the server would refuse: a note over its limit, a NUL', () => {
    expect(contentProblem(content('x'.repeat(TEXT_LIMITS.note + 1)))).toMatch(/^note: /);
    expect(contentProblem(content('a\u0000b'))).toMatch(/note/);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { smallTemplateInput } from '../helpers/template';

function run(...files: string[]): { code: number; out: string } {
  try {
    const out = execFileSync('npx', ['tsx', 'scripts/tools/checklist-check.ts', ...files], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
}

describe('npm run checklist:check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xunjian-cl-'));

  it('accepts a good file and says what it holds', () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, stringify(smallTemplateInput()));
    const r = run(good);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok — small v1, 6 items');
  });

  it('fails with FILE: PATH: REASON for a bad one', () => {
    const t = smallTemplateInput() as unknown as { sections: { items: { severity: string }[] }[] };
    t.sections[1]!.items[0]!.severity = 'urgent';
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, stringify(t));
    const r = run(bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `${bad}: sections[1].items[0].severity: Invalid option: expected one of "high"|"medium"|"low"`,
    );
  });

  it('says when a file cannot be read', () => {
    const r = run(join(dir, 'missing.yaml'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/missing\.yaml: cannot read: ENOENT/);
  });
});

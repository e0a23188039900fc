import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../src/ui/i18n/en';
import { zhCN } from '../src/ui/i18n/zh-CN';
import { zhCNLazy } from '../src/ui/i18n/zh-CN-lazy';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

// The new-inspection form accepts inspectors separated by Chinese punctuation too.
const INSPECTOR_SEPARATORS = '.split(/[\\n,，、]/)';

describe('the string catalogue', () => {
  it('is the only place UI text is written: no Chinese in UI code outside i18n/', () => {
    const offenders = files('src/ui')
      .filter((f) => !f.includes(`${join('src', 'ui', 'i18n')}`))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ f, i: i + 1, line }))
          // comments may be in any language
          .map(({ f, i, line }) => ({ f, i, line, code: line.replace(/\/\*.*?\*\/|\/\/.*$/g, '') }))
          .filter(({ code }) => !/^\s*\*/.test(code))
          .filter(({ code }) => /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(code))
          .filter(({ line }) => !line.includes(INSPECTOR_SEPARATORS)),
      );
    expect(offenders.map(({ f, i, line }) => `${f}:${i}: ${line.trim()}`)).toEqual([]);
  });

  it('has the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const chinese: Record<string, string> = { ...zhCN, ...zhCNLazy };
    for (const key of Object.keys(chinese) as (keyof typeof en)[])
      expect(placeholders(en[key]), key).toEqual(placeholders(chinese[key]!));
  });

  it('says every key once in Chinese, in the shell or in the lazily loaded part, and English has the same keys', () => {
    expect(Object.keys(zhCN).filter((k) => k in zhCNLazy)).toEqual([]);
    expect(Object.keys(en).sort()).toEqual([...Object.keys(zhCN), ...Object.keys(zhCNLazy)].sort());
  });
});

import { describe, expect, it } from 'vitest';
import { NO_LINE_END, NO_LINE_START, wrapText, type Measure } from '../../src/report/model/line-break';
import cases from '../fixtures/line-break-cases.json';

// A monospace stand-in for a font: CJK, fullwidth marks and curly quotes are 1 em wide,
// everything else half. Widths are then easy to count by hand in the expectations.
const em: Measure = (s) =>
  [...s].reduce((w, c) => w + (c.codePointAt(0)! >= 0x2e80 || '“”‘’…—'.includes(c) ? 1 : 0.5), 0);

const graphemes = (s: string) => Array.from(new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(s));

describe('wrapText: the punctuation fixture', () => {
  it.each(cases)('$why: $text', ({ text, width, lines }) => {
    expect(wrapText(text, width, em)).toEqual(lines);
  });
});

describe('wrapText', () => {
  it('breaks between any two hanzi', () => {
    expect(wrapText('网络安全检查记录', 3, em)).toEqual(['网络安', '全检查', '记录']);
  });

  it('keeps a Latin word, a number and an IP address whole when they fit', () => {
    expect(wrapText('版本Windows10系统', 5, em)).toEqual(['版本', 'Windows10', '系统']);
    expect(wrapText('共计12345台', 3, em)).toEqual(['共计', '12345', '台']);
    expect(wrapText('地址10.0.0.1正常', 4, em)).toEqual(['地址', '10.0.0.1', '正常']);
  });

  it('wraps Latin text at spaces and drops the spaces at the break', () => {
    expect(wrapText('firewall rules are reviewed monthly', 8, em)).toEqual([
      'firewall rules',
      'are reviewed',
      'monthly',
    ]);
  });

  it('cuts a URL wider than the line after / ? &, keeping the host name whole', () => {
    const url = 'https://www.example.gov.cn/path/to/a/very/long/page.html?id=12345&x=1';
    const lines = wrapText(`访问 ${url} 查看`, 10, em);
    expect(lines).toEqual([
      '访问',
      'https://',
      'www.example.gov.cn/',
      'path/to/a/very/long/',
      'page.html?id=12345&',
      'x=1 查看',
    ]);
    expect(lines.slice(1).join('').replace(' 查看', '')).toBe(url);
  });

  it('cuts a host name wider than the line after a dot, and a word with dots but no slash', () => {
    expect(wrapText('https://very-long-subdomain.example.gov.cn/', 8, em)).toEqual([
      'https://',
      'very-long-',
      'subdomain.',
      'example.gov.cn/',
    ]);
    expect(wrapText('10.20.30.40.50.60.70', 4, em)).toEqual(['10.20.', '30.40.', '50.60.70']);
  });

  it('does not cut early after a slash when what follows cannot stay whole anyway', () => {
    // "a/" alone on a line would only waste it: the long piece after it is cut regardless.
    const lines = wrapText('a/bcdefghijklmnopqrstuvwxyzbcdefghijklmn', 10, em);
    expect(lines[0]!.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe('a/bcdefghijklmnopqrstuvwxyzbcdefghijklmn');
  });

  it('cuts a word with no delimiter at the width', () => {
    expect(wrapText('1234567890123', 2, em)).toEqual(['1234', '5678', '9012', '3']);
  });

  it('keeps a paragraph indent of ideographic spaces on the first line only', () => {
    expect(wrapText('　　段落首行缩进两个字符，然后继续。', 6, em)).toEqual([
      '　　段落首行',
      '缩进两个字',
      '符，然后继',
      '续。',
    ]);
  });

  it('starts a new line at each newline and keeps empty lines', () => {
    expect(wrapText('第一行\n\n第三行\r\n第四行', 10, em)).toEqual(['第一行', '', '第三行', '第四行']);
    expect(wrapText('', 5, em)).toEqual(['']);
  });

  it('never splits a character outside the BMP, an emoji sequence or a combining mark', () => {
    const lines = wrapText('王𠀾🈚️测试👨‍👩‍👧é', 1, em);
    expect(lines).toEqual(['王', '𠀾', '🈚️', '测', '试', '👨‍👩‍👧', 'é']);
  });

  it('puts a single character wider than the line on a line of its own', () => {
    expect(wrapText('检查', 0.5, em)).toEqual(['检', '查']);
  });
});

// A seeded generator (mulberry32), so a failure names a case that can be replayed.
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('wrapText: properties over random mixed text', () => {
  const pieces = [
    ...'检查机房档案室密码补丁网络安全',
    ...'。，、；：？！）》」』】〕…—’”（《「『【〔“‘',
    ' ',
    'Windows',
    '192.168.1.1',
    'https://example.cn/a/b',
    '2024',
    'OK',
    '堃',
    '𠀾',
  ];

  it('loses no text, fits every line, and keeps punctuation off the wrong line edge', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const text = Array.from({ length: 5 + Math.floor(next() * 60) }, () => pieces[Math.floor(next() * pieces.length)])
        .join('')
        .trim();
      const width = 2 + Math.floor(next() * 12);
      const lines = wrapText(text, width, em);
      const context = `seed ${seed}: ${JSON.stringify(text)} at ${width}`;

      expect(lines.join('').replace(/\s/g, ''), context).toBe(text.replace(/\s/g, ''));
      for (const [i, line] of lines.entries()) {
        const chars = graphemes(line).map((g) => g.segment);
        if (chars.length > 1) expect(em(line), context).toBeLessThanOrEqual(width);
        // A line may break the rules only when the text left no choice: the mark and its
        // neighbour (with a space the text may have had between them) are wider than a line,
        // or the line is nothing but closing marks.
        const first = chars[0] ?? '';
        const last = chars[chars.length - 1] ?? '';
        const prevLine = lines[i - 1];
        if (i > 0 && NO_LINE_START.has(first) && prevLine !== undefined) {
          const prevFull = em(prevLine + first) > width || em(`${prevLine} ${first}`) > width;
          expect(prevFull || chars.every((c) => NO_LINE_START.has(c)), context).toBe(true);
        }
        if (i < lines.length - 1 && NO_LINE_END.has(last)) {
          const next = graphemes(lines[i + 1]!)[0]?.segment ?? '';
          expect(em(line + next) > width || em(`${line} ${next}`) > width, context).toBe(true);
        }
      }
    }
  });
});

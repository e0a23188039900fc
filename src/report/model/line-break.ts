// Line breaking for Chinese mixed with Latin text. jsPDF's splitTextToSize breaks only at
// spaces, so a Chinese paragraph would never wrap. The rules here are the usual ones of
// Chinese typesetting (a simplified kinsoku):
// - a line may break between any two CJK characters, and at spaces;
// - Latin words, numbers, IP addresses and URLs stay whole, unless one alone is wider
//   than the line: then it is cut after a '/', '?', '&' or '#' where possible (so a host
//   name stays whole), else after a '-', '.', '=' or '_';
// - a line never starts with closing punctuation (。，、）…) nor ends with opening
//   punctuation (（《“…): such a mark stays with the character next to it.

/** Width of a string, in the same unit as maxWidth (e.g. jsPDF's measure at the current size). */
export type Measure = (text: string) => number;

/** Marks that may not start a line. */
export const NO_LINE_START = new Set([
  ...'。，、；：？！）》」』】〕〗〙〛〉｝］．｡､’”…—‥～·・ー々〻％‰℃°′″',
  ...',.;:?!)]}%',
]);

/** Marks that may not end a line. */
export const NO_LINE_END = new Set([...'（《「『【〔〖〘〚〈｛［“‘', ...'([{']);

// Characters between which a line may break with no space: Han, kana, CJK symbols and
// fullwidth forms, and pictographs. Hangul is not here: Korean breaks at spaces.
const BREAK_ANYWHERE =
  /^(?:\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Bopomofo}|[\u2e80-\u2fff\u3000-\u303f\u31c0-\u31ef\u3200-\u33ff\ufe30-\ufe4f\uff00-\uffef]|\p{Extended_Pictographic})/u;

// Between the parts of a URL or path; inside a host name or a word.
const CUT_AFTER_STRONG = new Set([...'/?&#']);
const CUT_AFTER_WEAK = new Set([...'-.=_']);
const EPSILON = 1e-6;

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

// Code points that join others into one grapheme: combining marks, emoji modifiers and
// flags, ZWJ, variation selectors.
const JOINERS = /\p{M}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\p{Variation_Selector}|\u200d/u;

function splitGraphemes(text: string): string[] {
  // Almost all record text has no joining marks: then every code point is a grapheme,
  // and Intl.Segmenter (a large share of rendering time in the bench) is not needed.
  if (!JOINERS.test(text)) return Array.from(text);
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/** Unbreakable pieces of a paragraph, each with the whitespace that came before it. */
interface Cluster {
  space: string;
  text: string;
}

function isSpace(g: string): boolean {
  return /^\s+$/u.test(g);
}

/** A CJK character or punctuation from either list: a piece of its own. */
function standsAlone(g: string): boolean {
  return BREAK_ANYWHERE.test(g) || ((NO_LINE_START.has(g) || NO_LINE_END.has(g)) && !/^[\x20-\x7e]$/.test(g));
}

function clusters(paragraph: string): Cluster[] {
  // Atoms: single CJK characters, Latin words (a run of anything else that is not a space).
  const atoms: Cluster[] = [];
  let space = '';
  let word = '';
  const flushWord = () => {
    if (word === '') return;
    atoms.push({ space, text: word });
    [space, word] = ['', ''];
  };
  for (const g of splitGraphemes(paragraph)) {
    if (isSpace(g)) {
      flushWord();
      space += g;
    } else if (standsAlone(g)) {
      flushWord();
      atoms.push({ space, text: g });
      space = '';
    } else word += g;
  }
  flushWord();
  // Glue: no break before closing punctuation, none after opening punctuation.
  const out: Cluster[] = [];
  for (const atom of atoms) {
    const prev = out[out.length - 1];
    const first = splitGraphemes(atom.text)[0] ?? '';
    const prevLast = prev ? (splitGraphemes(prev.text).pop() ?? '') : '';
    if (prev && (NO_LINE_START.has(first) || NO_LINE_END.has(prevLast))) prev.text += atom.space + atom.text;
    else out.push({ ...atom });
  }
  return out;
}

/** Cuts a piece wider than the line into lines that fit (each at least one character). */
function cutLong(text: string, maxWidth: number, measure: Measure): string[] {
  const chars = splitGraphemes(text);
  const lines: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start + 1;
    while (end < chars.length && measure(chars.slice(start, end + 1).join('')) <= maxWidth + EPSILON) end++;
    if (end < chars.length) end = chooseCut(chars, start, end, maxWidth, measure);
    const line = chars.slice(start, end).join('');
    lines.push(lines.length === 0 ? line.trimEnd() : line.trim());
    start = end;
  }
  return lines;
}

/**
 * Where to cut chars[start…] whose longest fitting prefix ends at `end`: after the last
 * '/', '?', '&' or '#' on the line (not inside '//'), even early in it, so that
 * `https://` goes first and the host name next, whole; else after a '-', '.', '=' or '_'
 * in the second half of the line; else as late as possible. In each case where the
 * punctuation rules allow, if they allow anywhere.
 */
function chooseCut(chars: string[], start: number, end: number, maxWidth: number, measure: Measure): number {
  const allowed = (k: number): boolean => {
    const before = chars.slice(start, k).filter((c) => !isSpace(c));
    const after = chars.slice(k).find((c) => !isSpace(c));
    return !NO_LINE_START.has(after ?? '') && !NO_LINE_END.has(before[before.length - 1] ?? '');
  };
  for (let k = end; k > start + 1; k--) {
    const [prev, next] = [chars[k - 1]!, chars[k]];
    if (!CUT_AFTER_STRONG.has(prev) || (prev === '/' && next === '/') || !allowed(k)) continue;
    // Early on the line, a cut pays only if what follows, up to its next strong cut, then
    // stays whole on one line; otherwise it leaves a near-empty line ("a/") for nothing.
    if (k - start >= (end - start) / 2 || nextPieceFits(chars, k, maxWidth, measure)) return k;
  }
  for (let k = end; k > start + (end - start) / 2; k--) if (CUT_AFTER_WEAK.has(chars[k - 1]!) && allowed(k)) return k;
  for (let k = end; k > start; k--) if (allowed(k)) return k;
  return end;
}

/** Whether chars[k…] up to and including its next strong cut point fits on one line. */
function nextPieceFits(chars: string[], k: number, maxWidth: number, measure: Measure): boolean {
  let j = k;
  while (j < chars.length && !(CUT_AFTER_STRONG.has(chars[j]!) && chars[j + 1] !== '/')) j++;
  return measure(chars.slice(k, Math.min(j + 1, chars.length)).join('')) <= maxWidth + EPSILON;
}

function wrapParagraph(paragraph: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  // Widths add up (jsPDF does no kerning), so each cluster is measured once instead of
  // re-measuring the whole growing line: linear in the paragraph, not quadratic.
  let width = 0;
  for (const [i, cluster] of clusters(paragraph).entries()) {
    // Keep the paragraph's own indent (e.g. two ideographic spaces), not spaces at a wrap.
    const piece = (line !== '' || i === 0 ? cluster.space : '') + cluster.text;
    const pieceWidth = measure(piece);
    if (width + pieceWidth <= maxWidth + EPSILON) {
      line += piece;
      width += pieceWidth;
      continue;
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    const alone = measure(cluster.text);
    if (alone <= maxWidth + EPSILON) {
      line = cluster.text;
      width = alone;
      continue;
    }
    const pieces = cutLong(cluster.text, maxWidth, measure);
    line = pieces.pop() ?? '';
    width = measure(line);
    lines.push(...pieces);
  }
  lines.push(line.trimEnd());
  return lines;
}

/**
 * Wraps `text` into lines no wider than `maxWidth` (unless a single character is wider).
 * Newlines in the text start new lines; an empty paragraph gives an empty line.
 */
export function wrapText(text: string, maxWidth: number, measure: Measure): string[] {
  return text.split(/\r\n|\r|\n/).flatMap((paragraph) => wrapParagraph(paragraph, maxWidth, measure));
}

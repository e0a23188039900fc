// Drawing and measuring text across several fonts. A string is split into runs, each
// drawn with the first registered face that has all its characters, so a name character
// missing from the main font comes from the fallback slice that has it instead of a box.
// jsPDF must never see a character its font lacks: its Identity-H encoder silently drops
// it (and, for a Latin-1 character, everything after it). A character no face can draw
// is printed as a visible placeholder naming it, 〔U+20BB7〕, never left out silently.
import type { Font, jsPDF } from 'jspdf';
import type { CodePointSet } from '../model/font-coverage';
import { wrapText } from '../model/line-break';
import { placeholderOf } from '../model/placeholder';

export type FontStyle = 'normal' | 'bold';

export interface RegisteredFace {
  fontName: string;
  style: FontStyle;
  file: string;
  covers: CodePointSet;
}

/**
 * A piece of text drawn with one face. For a character no face draws, `missing` is that
 * character and `text` its placeholder; `face` is undefined only if no face draws even that.
 */
export interface TextRun {
  text: string;
  face: RegisteredFace | undefined;
  missing?: string;
}

export interface DrawOptions {
  style?: FontStyle;
  align?: 'left' | 'center' | 'right';
}

// Zero-width joiners, variation selectors and the like: no glyph of their own in our
// fonts, and harmless to leave out of a printed record.
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{Cc}]$/u;

// Dark red, so a placeholder stands out from the typed text around it.
const PLACEHOLDER_COLOR = [170, 20, 20] as const;

export class FontRuns {
  /** Characters of the registered text that no registered face can draw, first seen first. */
  missing: string[] = [];
  readonly faces: readonly RegisteredFace[];
  readonly #doc: jsPDF;
  readonly #fonts = new Map<RegisteredFace, Font>();
  // Which face draws a character (null: none, or ignorable), per style. Records repeat
  // few characters many times, and this lookup runs for every character measured.
  readonly #widths = new Map<RegisteredFace, Map<string, number>>();
  readonly #faceCache: Record<FontStyle, Map<string, RegisteredFace | 'none' | 'skip'>> = {
    normal: new Map(),
    bold: new Map(),
  };

  constructor(doc: jsPDF, faces: readonly RegisteredFace[]) {
    this.#doc = doc;
    this.faces = faces;
    const current = doc.getFont();
    for (const face of faces) {
      doc.setFont(face.fontName, face.style);
      this.#fonts.set(face, doc.getFont());
    }
    doc.setFont(current.fontName, current.fontStyle);
  }

  /** Splits `text` (one line) into runs by the face that draws each character. */
  runs(text: string, style: FontStyle = 'normal'): TextRun[] {
    const runs: TextRun[] = [];
    for (const raw of text) {
      const ch = raw === '\t' ? ' ' : raw;
      const found = this.#lookup(ch, style);
      if (found === 'skip') continue;
      if (found === 'none') {
        const placeholder = placeholderOf(ch);
        runs.push({ text: placeholder, face: this.#placeholderFace(placeholder, style), missing: ch });
        continue;
      }
      const last = runs[runs.length - 1];
      if (last && last.face === found && last.missing === undefined) last.text += ch;
      else runs.push({ text: ch, face: found });
    }
    return runs;
  }

  /** The face that draws every character of a placeholder (the main face does). */
  #placeholderFace(placeholder: string, style: FontStyle): RegisteredFace | undefined {
    const faces = [...placeholder].map((c) => this.#lookup(c, style));
    const first = faces[0];
    return typeof first === 'object' && faces.every((f) => f === first) ? first : undefined;
  }

  /** The face for a character, 'none' if no face has it, 'skip' if it is ignorable; cached. */
  #lookup(ch: string, style: FontStyle): RegisteredFace | 'none' | 'skip' {
    const cache = this.#faceCache[style];
    let found = cache.get(ch);
    if (found === undefined) {
      found = IGNORABLE.test(ch) ? 'skip' : (this.#faceFor(ch.codePointAt(0)!, style) ?? 'none');
      cache.set(ch, found);
    }
    return found;
  }

  /** The characters of `text` that no registered face draws (each printed as a placeholder). */
  missingIn(text: string): string[] {
    const missing = new Set<string>();
    for (const style of ['normal', 'bold'] as const) {
      for (const ch of text) if (this.#lookup(ch, style) === 'none') missing.add(ch);
    }
    return [...missing];
  }

  /** Width of `text` in the document's unit at its current font size. */
  measure(text: string, style: FontStyle = 'normal'): number {
    const doc = this.#doc;
    return (this.#em(text, style) * doc.getFontSize()) / doc.internal.scaleFactor;
  }

  #em(text: string, style: FontStyle): number {
    let em = 0;
    for (const raw of text) {
      const ch = raw === '\t' ? ' ' : raw;
      const found = this.#lookup(ch, style);
      if (found === 'skip') continue;
      if (found === 'none') {
        // A placeholder is printed there: wrapping makes room for it.
        const placeholder = placeholderOf(ch);
        if (this.#placeholderFace(placeholder, style)) em += this.#em(placeholder, style);
        continue;
      }
      // Widths add up (no kerning): measure each character once per face, not every
      // string — jsPDF's getStringUnitWidth runs its Arabic shaping on each call.
      let widths = this.#widths.get(found);
      if (!widths) this.#widths.set(found, (widths = new Map()));
      let w = widths.get(ch);
      if (w === undefined) widths.set(ch, (w = this.#doc.getStringUnitWidth(ch, { font: this.#fonts.get(found) })));
      em += w;
    }
    return em;
  }

  /** Wraps `text` to `maxWidth` (document unit, current font size) with the Chinese rules. */
  wrap(text: string, maxWidth: number, style: FontStyle = 'normal'): string[] {
    return wrapText(text, maxWidth, (s) => this.measure(s, style));
  }

  /**
   * Draws one line at (x, y) run by run, a placeholder for each character no face has,
   * and returns its width and those characters. The document's font is restored after.
   */
  draw(text: string, x: number, y: number, options: DrawOptions = {}): { width: number; missing: string[] } {
    const doc = this.#doc;
    const style = options.style ?? 'normal';
    const width = this.measure(text, style);
    let at = options.align === 'right' ? x - width : options.align === 'center' ? x - width / 2 : x;
    const current = doc.getFont();
    const missing: string[] = [];
    for (const run of this.runs(text, style)) {
      if (run.missing !== undefined) missing.push(run.missing);
      if (!run.face) continue;
      doc.setFont(run.face.fontName, run.face.style);
      if (run.missing === undefined) doc.text(run.text, at, y);
      else {
        const color = doc.getTextColor();
        doc.setTextColor(...PLACEHOLDER_COLOR);
        doc.text(run.text, at, y);
        doc.setTextColor(color);
      }
      at += (doc.getStringUnitWidth(run.text) * doc.getFontSize()) / doc.internal.scaleFactor;
    }
    doc.setFont(current.fontName, current.fontStyle);
    return { width, missing };
  }

  #faceFor(codePoint: number, style: FontStyle): RegisteredFace | undefined {
    // jsPDF reads only a font's BMP cmap (format 4) and encodes text by UTF-16 unit, so
    // it cannot draw a character beyond the BMP even from a font that has it.
    if (codePoint > 0xffff) return undefined;
    // The asked-for weight first; the other weight rather than nothing.
    return (
      this.faces.find((f) => f.style === style && f.covers.has(codePoint)) ??
      this.faces.find((f) => f.covers.has(codePoint))
    );
  }
}

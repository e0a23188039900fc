// Sentences of the drafted report are assembled from user-typed pieces, which often end
// in punctuation of their own: a trailing 。；，、： (or ASCII .;,:) gives way to the mark
// the draft puts there, so nothing comes out doubled ("。；", "，。").

/** Marks that already end a sentence: kept, and the draft adds nothing after them. */
const FINAL = /(?:[？！?!…]|\.\.\.)$/;
/** A closing quote after a sentence end: the quoted sentence ends the clause. */
const QUOTED_FINAL = /[。？！?!…][”’」』"']$/;

/** Chinese clause marks: a run of them at the end is never content. */
const CJK_MARK = /[。；，、：]$/;
/** An ASCII mark right after Chinese is an IME slip for the Chinese mark; after Latin text or digits it is content (fe80::, D:, A.B.C.). */
const ASCII_MARK_AFTER_CJK = /[^\p{ASCII}][.;,:]$/u;

/**
 * A user-typed piece ready to join: trimmed, line breaks folded, its trailing 。；，、：
 * dropped (and one ASCII .;,: typed after Chinese). Nothing else the user typed is lost.
 */
export function clause(text: string): string {
  let piece = text.replace(/\s*\n\s*/g, ' ').trim();
  if (ASCII_MARK_AFTER_CJK.test(piece) && !FINAL.test(piece)) piece = piece.slice(0, -1).trimEnd();
  while (CJK_MARK.test(piece)) piece = piece.slice(0, -1).trimEnd();
  return piece;
}

function endsSentence(piece: string): boolean {
  return FINAL.test(piece) || QUOTED_FINAL.test(piece);
}

/** Join clauses with `joiner` and close with `end`, never doubling a mark. */
export function joinClauses(pieces: readonly string[], joiner = '；', end = '。'): string {
  const parts = pieces.map(clause).filter(Boolean);
  return parts
    .map((p, n) => {
      const last = n === parts.length - 1;
      // After ？！… the clause has ended; a closing quote keeps the joiner but not a second end.
      if (FINAL.test(p)) return p;
      if (last) return endsSentence(p) ? p : p + end;
      return p + joiner;
    })
    .join('');
}

/** One sentence: the piece with its end mark, unless it already ends in ？！…. */
export function sentence(text: string, end = '。'): string {
  return joinClauses([text], '；', end);
}

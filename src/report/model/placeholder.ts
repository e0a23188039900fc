/** What the PDF prints instead of a character no font draws: 𠮷 → 〔U+20BB7〕. */
export function placeholderOf(ch: string): string {
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `〔U+${hex}〕`;
}

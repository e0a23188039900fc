// How deeply a JSON text nests, counted before it is parsed: JSON.parse recurses, and a
// body of 100,000 `[` would exhaust the stack (a 500) before any schema sees it.

/** The deepest any record of the wire format nests is far below this. */
const MAX_JSON_DEPTH = 32;

/** Whether the text nests deeper than `max` arrays/objects (strings are skipped, escapes included). */
export function nestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

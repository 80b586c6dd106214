/**
 * Term matching for `has`, `hasprefix` and `hassuffix`. KQL indexes text as terms: runs of letters
 * and digits. A needle matches where it occurs in the text such that an end of the needle that is
 * a letter or digit does not continue into a letter or digit of the text. An end that is
 * punctuation (`\`, `.`, space) needs no boundary, so `has @"\Downloads\"` matches any path with
 * that folder and `has "shell.exe"` does not match `powershell.exe`.
 */

/** True for ASCII letters and digits, and for letters and digits outside ASCII. */
export function isTermChar(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(code));
}

/** A needle prepared once per query: its search form and which of its ends need a term boundary. */
export interface TermNeedle {
  text: string;
  boundaryBefore: boolean;
  boundaryAfter: boolean;
}

/** Prepares `needle` for matching; `caseSensitive` false lowers it (the text is lowered by the caller). */
export function prepareTerm(needle: string, caseSensitive: boolean, mode: 'whole' | 'prefix' | 'suffix' = 'whole'): TermNeedle {
  const text = caseSensitive ? needle : needle.toLowerCase();
  const startsWithTermChar = text.length > 0 && isTermChar(text.charCodeAt(0));
  const endsWithTermChar = text.length > 0 && isTermChar(text.charCodeAt(text.length - 1));
  return {
    text,
    boundaryBefore: startsWithTermChar && mode !== 'suffix',
    boundaryAfter: endsWithTermChar && mode !== 'prefix',
  };
}

/** True when `needle` occurs in `haystack` as a term (see the file comment). Both must be in the same case. */
export function hasTerm(haystack: string, needle: TermNeedle): boolean {
  const text = needle.text;
  if (text.length === 0) return true;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(text, from);
    if (at < 0) return false;
    const end = at + text.length;
    const beforeOk = !needle.boundaryBefore || at === 0 || !isTermChar(haystack.charCodeAt(at - 1));
    const afterOk = !needle.boundaryAfter || end === haystack.length || !isTermChar(haystack.charCodeAt(end));
    if (beforeOk && afterOk) return true;
    from = at + 1;
  }
}

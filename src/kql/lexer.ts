import { KqlError } from './errors.js';
import { timespanUnits } from './timespan.js';
import type { Token } from './tokens.js';

const punctuators = ['..', '==', '!=', '<>', '<=', '>=', '=~', '!~', '=>', '|', '(', ')', '[', ']', '{', '}', ',', ';', '=', '<', '>', '+', '-', '*', '/', '%', '.', ':', '!', '?'];

function isIdentStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 48 && code <= 57);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Splits KQL text into tokens. `//` starts a comment to the end of the line, except inside a
 * string literal. Operator words with `!` or `~` (`!has`, `in~`, `!in~`, `!contains_cs`) come
 * out as one identifier token, as KQL spells them without spaces. Throws KqlError with the
 * position of an unterminated string or an invalid character.
 */
export function tokenize(text: string, sourceName?: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (offset: number, length: number, message: string): never => {
    throw new KqlError(text, offset, length, message, sourceName);
  };

  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13 || code === 0xfeff) {
      i++;
      continue;
    }
    if (code === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
      continue;
    }

    const start = i;
    const stringToken = readString(text, i, fail);
    if (stringToken) {
      tokens.push(stringToken);
      i = stringToken.end;
      continue;
    }

    if (isDigit(code) || (code === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const token = readNumber(text, i, fail);
      tokens.push(token);
      i = token.end;
      continue;
    }

    if (isIdentStart(code) || (code === 33 && isIdentStart(text.charCodeAt(i + 1)))) {
      i++;
      while (i < text.length && isIdentPart(text.charCodeAt(i))) i++;
      let word = text.slice(start, i);
      // `in~` and `!in~` are the case-insensitive set operators; `~` belongs to the word.
      if (text.charCodeAt(i) === 126 && (word === 'in' || word === '!in')) {
        i++;
        word += '~';
      }
      tokens.push({ kind: 'ident', text: word, start, end: i });
      // Typed literals take free text that other tokens cannot read, such as 2026-11-30T10:00:00Z.
      if (rawLiteralNames.has(word.toLowerCase())) {
        const raw = readRawArgument(text, i);
        if (raw) {
          tokens.push(...raw);
          i = raw[2]!.end;
        }
      }
      continue;
    }

    const punct = punctuators.find((p) => text.startsWith(p, i));
    if (!punct) fail(i, 1, `unexpected character '${text[i]}'`);
    tokens.push({ kind: 'punct', text: punct!, start, end: i + punct!.length });
    i += punct!.length;
  }
  tokens.push({ kind: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}

const rawLiteralNames = new Set(['datetime', 'timespan', 'time', 'guid']);

/** Reads `( text )` after a typed-literal name as three tokens: `(`, raw text, `)`. */
function readRawArgument(text: string, after: number): Token[] | undefined {
  let open = after;
  while (text[open] === ' ' || text[open] === '\t') open++;
  if (text[open] !== '(') return undefined;
  const close = text.indexOf(')', open + 1);
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close);
  // A quoted argument is an ordinary string token, which the normal path reads.
  if (/^\s*["'@]/.test(inner)) return undefined;
  return [
    { kind: 'punct', text: '(', start: open, end: open + 1 },
    { kind: 'raw', text: inner, value: inner.trim(), start: open + 1, end: close },
    { kind: 'punct', text: ')', start: close, end: close + 1 },
  ];
}

type Fail = (offset: number, length: number, message: string) => never;

/** Reads `"..."`, `'...'`, `@"..."`, `@'...'`, their `h`-prefixed (obfuscated) forms and ```...``` at `start`. */
function readString(text: string, start: number, fail: Fail): Token | undefined {
  let i = start;
  if ((text[i] === 'h' || text[i] === 'H') && (text[i + 1] === '"' || text[i + 1] === "'" || text[i + 1] === '@')) i++;
  let verbatim = false;
  if (text[i] === '@' && (text[i + 1] === '"' || text[i + 1] === "'")) {
    verbatim = true;
    i++;
  }
  if (text.startsWith('```', i)) {
    const close = text.indexOf('```', i + 3);
    if (close < 0) fail(start, 3, 'unterminated multi-line string literal: add the closing ```');
    return { kind: 'string', text: text.slice(start, close + 3), value: text.slice(i + 3, close), start, end: close + 3 };
  }
  const quote = text[i];
  if (quote !== '"' && quote !== "'") return undefined;
  if (i > start && !verbatim && text[start] !== 'h' && text[start] !== 'H') return undefined;
  i++;

  let value = '';
  for (;;) {
    if (i >= text.length || text[i] === '\n') {
      return fail(start, Math.max(1, i - start), `unterminated string literal: add the closing ${quote}`);
    }
    const ch = text[i]!;
    if (ch === quote) {
      // In a verbatim string a doubled quote stands for one quote character.
      if (verbatim && text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      i++;
      break;
    }
    if (ch === '\\' && !verbatim) {
      const next = text[i + 1];
      const simple: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', r: '\r', t: '\t', '0': '\0' };
      if (next !== undefined && next in simple) {
        value += simple[next];
        i += 2;
        continue;
      }
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      fail(i, 2, `invalid escape sequence '\\${next ?? ''}' in a string literal: write '\\\\' for a backslash, or use a verbatim string @"..."`);
    }
    value += ch;
    i++;
  }
  return { kind: 'string', text: text.slice(start, i), value, start, end: i };
}

/** Reads an integer, real, hex integer or timespan literal (`24h`, `1.5d`, `100ms`) at `start`. */
function readNumber(text: string, start: number, fail: Fail): Token {
  let i = start;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    i += 2;
    while (/[0-9a-fA-F]/.test(text[i] ?? '')) i++;
    return { kind: 'number', text: text.slice(start, i), value: parseInt(text.slice(start + 2, i), 16), start, end: i };
  }
  let isReal = false;
  while (isDigit(text.charCodeAt(i))) i++;
  if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
    isReal = true;
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E') && /^[+-]?\d/.test(text.slice(i + 1, i + 3))) {
    isReal = true;
    i += 2;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const numberText = text.slice(start, i);
  if (isIdentStart(text.charCodeAt(i))) {
    let j = i;
    while (isIdentPart(text.charCodeAt(j))) j++;
    const unit = text.slice(i, j);
    const scale = timespanUnits.get(unit.toLowerCase());
    if (scale === undefined) {
      fail(start, j - start, `invalid number or timespan literal '${text.slice(start, j)}': timespan units are d, h, m, s, ms, microsecond and tick`);
    }
    return { kind: 'timespan', text: text.slice(start, j), value: Number(numberText) * scale!, start, end: j };
  }
  return { kind: 'number', text: numberText, value: Number(numberText), isReal, start, end: i };
}

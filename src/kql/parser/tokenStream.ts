import { KqlError } from '../errors.js';
import type { Token } from '../tokens.js';

/** Cursor over the token list with the error helpers every parse function shares. */
export class TokenStream {
  private index = 0;

  constructor(
    readonly text: string,
    private readonly tokens: Token[],
    readonly sourceName?: string,
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  /** The token just consumed. */
  previous(): Token {
    return this.tokens[Math.max(0, this.index - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** True when the next token is the punctuation `text`. */
  isPunct(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punct' && token.text === text;
  }

  /** True when the next token is the identifier or keyword `word` (keywords are case-sensitive in KQL). */
  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'ident' && token.text === word;
  }

  acceptPunct(text: string): Token | undefined {
    return this.isPunct(text) ? this.next() : undefined;
  }

  acceptWord(word: string): Token | undefined {
    return this.isWord(word) ? this.next() : undefined;
  }

  expectPunct(text: string, context: string): Token {
    if (!this.isPunct(text)) this.failAt(this.peek(), `expected '${text}' ${context}, found ${describe(this.peek())}`);
    return this.next();
  }

  expectWord(word: string, context: string): Token {
    if (!this.isWord(word)) this.failAt(this.peek(), `expected '${word}' ${context}, found ${describe(this.peek())}`);
    return this.next();
  }

  expectIdent(context: string): Token {
    const token = this.peek();
    if (token.kind !== 'ident') this.failAt(token, `expected a name ${context}, found ${describe(token)}`);
    return this.next();
  }

  /** Reads a name written as an identifier or as `['name with spaces']`. */
  expectName(context: string): { name: string; start: number; end: number } {
    if (this.isPunct('[') && this.peek(1).kind === 'string' && this.isPunct(']', 2)) {
      const open = this.next();
      const name = this.next().value as string;
      const close = this.next();
      return { name, start: open.start, end: close.end };
    }
    const token = this.expectIdent(context);
    return { name: token.text, start: token.start, end: token.end };
  }

  /** True when `b` starts right where `a` ends, as in `project-away` (no space). */
  adjacent(a: Token, b: Token): boolean {
    return a.end === b.start;
  }

  failAt(token: { start: number; end: number }, message: string): never {
    throw new KqlError(this.text, token.start, Math.max(1, token.end - token.start), message, this.sourceName);
  }
}

/** Describes a token for an error message: `'|'`, `end of query`, `string "abc"`. */
export function describe(token: Token): string {
  if (token.kind === 'eof') return 'end of query';
  if (token.kind === 'string') return `string ${token.text}`;
  return `'${token.text}'`;
}

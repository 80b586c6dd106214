/** Token kinds of the KQL lexer. */
/** 'raw' is the unparsed text inside `datetime(...)`, `timespan(...)`, `time(...)` and `guid(...)`. */
export type TokenKind = 'ident' | 'string' | 'number' | 'timespan' | 'punct' | 'raw' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for strings, including quotes and prefix). */
  text: string;
  /** Decoded string value for 'string'; numeric value for 'number' and 'timespan' (milliseconds). */
  value?: string | number;
  /** For 'number': true when written with a decimal point or exponent (KQL real). */
  isReal?: boolean;
  /** 0-based offsets in the query text. */
  start: number;
  end: number;
}

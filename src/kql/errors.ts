/** A position in query text: 1-based line and column, plus the 0-based offset they came from. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

/** Converts a 0-based offset in `text` to a 1-based line and column. */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** Renders the line that holds `offset` with a caret line under the `length` characters at it. */
export function caretExcerpt(text: string, offset: number, length = 1): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const column = offset - lineStart;
  const width = Math.max(1, Math.min(length, lineText.length - column));
  const pad = lineText.slice(0, column).replace(/[^\t]/g, ' ');
  return `  ${lineText}\n  ${pad}${'^'.repeat(width)}`;
}

/**
 * A syntax or semantic error in a query. The message names the line and column, and `excerpt`
 * shows the offending text with a caret under it, so the reader can fix the query directly.
 */
export class KqlError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly excerpt: string;
  /** The message without the position prefix, for callers that print the position themselves. */
  readonly detail: string;

  constructor(text: string, offset: number, length: number, detail: string, sourceName?: string) {
    const position = positionAt(text, offset);
    const where = `${sourceName ? `${sourceName}: ` : ''}line ${position.line}, column ${position.column}`;
    const excerpt = caretExcerpt(text, offset, length);
    super(`${where}: ${detail}\n${excerpt}`);
    this.name = 'KqlError';
    this.line = position.line;
    this.column = position.column;
    this.offset = offset;
    this.excerpt = excerpt;
    this.detail = detail;
  }
}

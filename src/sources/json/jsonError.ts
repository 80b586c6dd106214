/**
 * Describes a JSON.parse failure as "line L, column C: message". V8 reports the failing
 * offset as "at position N" in the message; the offset becomes the column when present. The
 * message is cut short because newer V8 versions quote the input in it.
 */
export function describeJsonError(error: unknown, line: number, source: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const column = position ? Number(position[1]) + 1 : null;
  const short = message.length > 120 ? `${message.slice(0, 117)}...` : message;
  if (column === null && /end of JSON input/.test(message)) {
    return `line ${line}, column ${source.length + 1}: ${short} (the record is truncated)`;
  }
  return column === null ? `line ${line}: ${short}` : `line ${line}, column ${column}: ${short}`;
}

/** Converts an offset in a whole document to its 1-based line and column. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

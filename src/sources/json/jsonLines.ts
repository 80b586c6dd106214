import type { ReadDiagnostics } from '../diagnostics.js';
import type { TableRow } from '../types.js';
import { rowBatchSize } from '../batch.js';
import { JsonRecordHandler } from './records.js';
import { describeJsonError } from './jsonError.js';

/**
 * Reads JSON lines (one JSON value per line; blank lines allowed; `\r\n` accepted) and yields
 * normalised rows in batches. A line that is not valid JSON is skipped and counted with its line
 * number and the parser's message; the rest of the file is still read. This is the hot path for
 * large Defender exports: lines are cut with `indexOf` on large text chunks, with no per-line
 * regular expression or copy beyond the slice JSON.parse reads.
 */
export async function* readJsonLines(
  text: AsyncIterable<string>,
  file: string,
  diag: ReadDiagnostics,
): AsyncGenerator<TableRow[]> {
  const handler = new JsonRecordHandler(file, diag);
  let batch: TableRow[] = [];
  let line = 0;

  const handleLine = (buffer: string, start: number, end: number): void => {
    line++;
    if (end > start && buffer.charCodeAt(end - 1) === 13 /* \r */) end--;
    if (end === start) return;
    let source = buffer.slice(start, end);
    const first = source.charCodeAt(0);
    if (first !== 123 /* { */ && first !== 91 /* [ */) {
      source = source.trim();
      if (source.length === 0) return;
    }
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      diag.eventsRead++;
      diag.skip({ file, at: describeJsonError(error, line, source) }, 'invalid JSON line');
      return;
    }
    handler.handle(value, line, batch);
  };

  // Text of the line that is still open at the end of the previous chunks. It is kept as parts
  // and joined once, so that one very long line costs linear time, not a copy per chunk.
  let pending: string[] = [];
  for await (const chunk of text) {
    let newline = chunk.indexOf('\n');
    if (newline === -1) {
      pending.push(chunk);
      continue;
    }
    let start = 0;
    if (pending.length > 0) {
      pending.push(chunk.slice(0, newline));
      const joined = pending.join('');
      pending = [];
      handleLine(joined, 0, joined.length);
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    while (newline !== -1) {
      handleLine(chunk, start, newline);
      start = newline + 1;
      if (batch.length >= rowBatchSize) {
        yield batch;
        batch = [];
      }
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
    // Hand the rows on before the next read: rows that wait across an await outlive young-generation
    // collections and get promoted, which made garbage collection a sixth of scan time.
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (pending.length > 0) {
    const joined = pending.join('');
    handleLine(joined, 0, joined.length);
  }
  if (batch.length > 0) yield batch;
}

import type { ReadDiagnostics } from '../diagnostics.js';
import type { TableRow } from '../types.js';
import { JsonRecordHandler } from './records.js';
import { lineAndColumn } from './jsonError.js';

/** Start of the line that `evtx_dump` writes before each record, after the newline that ends the previous record. */
const recordLineStart = '\nRecord ';
/** A whole `Record <EventRecordID>` line at the start of a record's text. */
const recordLine = /^Record (\d+)\r?(?:\n|$)/;
/**
 * Maximum length of one record's text, in UTF-16 code units. A record fits in a 64 KiB chunk, so
 * its JSON stays far below this. The bound keeps text that only starts like `evtx_dump` output
 * from being held in memory whole.
 */
const maxRecordLength = 16_000_000;

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Reads the output of the Rust `evtx_dump -o json` (evtx crate): for each record a line
 * `Record <EventRecordID>`, then the record as indented JSON over several lines (or on one line
 * with `--no-indent`), in the shape of one line of `evtx_dump -o jsonl`. A `Record` line is
 * unambiguous because JSON writes the newlines inside strings as `\n`. Each record is parsed on
 * its own and mapped like the JSON lines form, so a damaged record is skipped and counted with its
 * line and column, and the next record is read. The text streams: only the record being read and
 * one chunk are held in memory.
 */
export async function* readEvtxDumpJson(
  text: AsyncIterable<string>,
  file: string,
  diag: ReadDiagnostics,
): AsyncGenerator<TableRow[]> {
  const handler = new JsonRecordHandler(file, diag);
  let batch: TableRow[] = [];
  // Unread text from the start of a line. It contains the current record and its `Record` line.
  let buffer = '';
  // Line number (1-based) of buffer offset 0.
  let bufferLine = 1;
  // Where the search for the next `Record` line resumes, so a long record is not searched twice.
  let searchFrom = 0;
  // Set after a record grew past maxRecordLength: its text is dropped up to the next `Record` line.
  let discarding = false;

  const handleRecord = (source: string, line: number): void => {
    let body = source;
    let bodyLine = line;
    let recordId: string | undefined;
    const marker = recordLine.exec(source);
    if (marker !== null) {
      recordId = marker[1];
      body = source.slice(marker[0].length);
      bodyLine++;
    }
    const start = body.search(/\S/);
    if (start === -1) {
      // Blank text before the first `Record` line is not a record.
      if (recordId === undefined) return;
      diag.eventsRead++;
      diag.skip({ file, at: `record ${recordId} at line ${line}` }, 'evtx_dump record without JSON (the output is truncated)');
      return;
    }
    const valueLine = bodyLine + countNewlines(body, 0, start);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      diag.eventsRead++;
      diag.skip({ file, at: describeError(error, body, bodyLine, recordId) }, 'invalid JSON record in evtx_dump output');
      return;
    }
    handler.handle(value, valueLine, batch);
  };

  /** Handles the text before buffer offset `end`, where the next `Record` line starts, and drops it from the buffer. */
  const consume = (end: number): void => {
    const source = buffer.slice(0, end);
    if (discarding) discarding = false;
    else handleRecord(source, bufferLine);
    bufferLine += countNewlines(source, 0, source.length);
    buffer = buffer.slice(end);
    searchFrom = 0;
  };

  /** Handles every record that a later `Record` line closes; with `final`, the last one too. */
  const drain = (final: boolean): void => {
    for (;;) {
      const at = buffer.indexOf(recordLineStart, searchFrom);
      if (at === -1) break;
      const lineEnd = buffer.indexOf('\n', at + 1);
      if (lineEnd === -1 && !final) {
        // The `Record` line is not complete yet: look at it again when more text arrives.
        searchFrom = at;
        return;
      }
      const candidate = buffer.slice(at + 1, lineEnd === -1 ? buffer.length : lineEnd + 1);
      if (recordLine.test(candidate)) consume(at + 1);
      else searchFrom = at + 1;
    }
    if (final) {
      consume(buffer.length);
      return;
    }
    // Keep the tail that may hold the start of a `Record` line split across chunks.
    searchFrom = Math.max(searchFrom, buffer.length - recordLineStart.length + 1);
    if (buffer.length > maxRecordLength && !discarding) {
      diag.eventsRead++;
      diag.skip(
        { file, at: `line ${bufferLine}` },
        `evtx_dump record longer than ${maxRecordLength.toLocaleString('en-US')} characters (not evtx_dump output, or a Record line is missing)`,
      );
      discarding = true;
    }
    if (discarding) {
      // Drop all but the tail, counting its lines so that later records keep their line numbers.
      const keep = Math.max(0, buffer.length - recordLineStart.length);
      bufferLine += countNewlines(buffer, 0, keep);
      buffer = buffer.slice(keep);
      searchFrom = 0;
    }
  };

  for await (const chunk of text) {
    buffer += chunk;
    drain(false);
    // Hand the rows on before the next read, as the JSON lines reader does, so they do not
    // outlive young-generation garbage collections.
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  drain(true);
  if (batch.length > 0) yield batch;
}

/** Describes a JSON.parse failure in a record's JSON as "record N at line L, column C: message". */
function describeError(error: unknown, body: string, bodyLine: number, recordId: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  // Newer V8 versions quote the input in the message.
  const short = message.length > 120 ? `${message.slice(0, 117)}...` : message;
  const record = recordId === undefined ? 'record' : `record ${recordId}`;
  const end = body.trimEnd().length;
  const lastLine = bodyLine + countNewlines(body, 0, end);
  const position = /at position (\d+)/.exec(message);
  const offset = position === null ? null : Number(position[1]);
  // V8 names the end of the text, or no position at all, when the JSON stops before it is complete.
  if ((offset !== null && offset >= end) || /end of JSON input/.test(message)) {
    return `${record} at line ${lastLine}: ${short} (the record is truncated)`;
  }
  if (offset !== null) {
    const where = lineAndColumn(body, offset);
    return `${record} at line ${bodyLine + where.line - 1}, column ${where.column}: ${short}`;
  }
  return `${record} at line ${bodyLine}: ${short}`;
}

import type { ReadDiagnostics } from '../diagnostics.js';
import type { TableRow } from '../types.js';
import { rowBatchSize } from '../batch.js';
import { normalizeWindowsEvent } from '../../schema/normalize/windowsEvent.js';
import { windowsEventFromXml } from './eventXml.js';
import { XmlSyntaxError } from './xmlElement.js';

/**
 * Finds the next `<Event` start tag (optionally prefixed, e.g. `<e:Event`) at or after `from`;
 * `<Events>` and `<EventData>` do not match because the name must end there.
 */
function findEventStart(text: string, from: number): number {
  let at = text.indexOf('Event', from);
  while (at !== -1) {
    const after = text.charCodeAt(at + 5);
    const nameEnds = after === 62 /* > */ || after === 32 || after === 9 || after === 10 || after === 13 || after === 47;
    if (nameEnds && at > 0) {
      let lt = at - 1;
      while (lt >= 0 && isNameChar(text.charCodeAt(lt)) && text.charCodeAt(lt) !== 60) lt--;
      if (lt >= 0 && text.charCodeAt(lt) === 60 /* < */ && (lt === at - 1 || text.charCodeAt(at - 1) === 58 /* : */)) return lt;
    }
    at = text.indexOf('Event', at + 5);
  }
  return -1;
}

const isNameChar = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 58 || c === 95 || c === 45 || c === 46;

/** Finds the end (offset just past `>`) of the `</Event>` (or `</prefix:Event>`) tag at or after `from`. */
function findEventEnd(text: string, from: number): number {
  let at = text.indexOf('</', from);
  while (at !== -1) {
    const close = text.indexOf('>', at);
    if (close === -1) return -1;
    const name = text.slice(at + 2, close).trim();
    if (name === 'Event' || name.endsWith(':Event')) return close + 1;
    at = text.indexOf('</', at + 2);
  }
  return -1;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Reads Windows event XML: an `<Events>` document or a bare run of `<Event>` elements, as
 * `wevtutil qe /f:xml`, `Get-WinEvent ... | ForEach-Object { $_.ToXml() }`,
 * `evtxexport -f xml` and the Rust `evtx_dump` write them. Each event is cut out of the stream and
 * parsed on its own, so one malformed or truncated event is skipped and counted with its line, and
 * the next is read. Text between events is skipped, such as the `Record N` line and XML
 * declaration that `evtx_dump` writes before each event.
 */
export async function* readEventXml(
  text: AsyncIterable<string>,
  file: string,
  diag: ReadDiagnostics,
): AsyncGenerator<TableRow[]> {
  let batch: TableRow[] = [];
  let buffer = '';
  // Line number (1-based) of buffer offset 0.
  let bufferLine = 1;

  const handleEvent = (source: string, line: number): void => {
    diag.eventsRead++;
    let result: TableRow | string;
    try {
      result = normalizeWindowsEvent(windowsEventFromXml(source), { file, line });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const where = error instanceof XmlSyntaxError
        ? `line ${line + countNewlines(source, 0, error.offset)}` : `line ${line}`;
      diag.skip({ file, at: `${where}: ${message}` }, 'malformed XML event');
      return;
    }
    if (typeof result === 'string') {
      diag.ignore(result);
      return;
    }
    diag.countRow(result.table);
    batch.push(result);
  };

  /** Parses every complete event in the buffer; keeps the unfinished tail. */
  const drain = (final: boolean): void => {
    let position = 0;
    let start = findEventStart(buffer, position);
    while (start !== -1) {
      const startLine = bufferLine + countNewlines(buffer, 0, start);
      const nextStart = findEventStart(buffer, start + 6);
      const end = findEventEnd(buffer, start);
      if (end !== -1 && (nextStart === -1 || end <= nextStart)) {
        handleEvent(buffer.slice(start, end), startLine);
        position = end;
      } else if (nextStart !== -1) {
        // Another event starts before this one ends: this one is truncated.
        diag.eventsRead++;
        diag.skip({ file, at: `line ${startLine}: <Event> not closed before the next <Event>` }, 'malformed XML event');
        position = nextStart;
      } else if (final) {
        diag.eventsRead++;
        diag.skip({ file, at: `line ${startLine}: <Event> not closed at end of file` }, 'malformed XML event');
        position = buffer.length;
      } else {
        position = start;
        break;
      }
      start = findEventStart(buffer, position);
    }
    if (start === -1 && !final) {
      // Keep a short tail: an `<Event` start tag may be split across chunks.
      position = Math.max(position, buffer.length - 16);
    }
    bufferLine += countNewlines(buffer, 0, position);
    buffer = buffer.slice(position);
  };

  for await (const chunk of text) {
    buffer += chunk;
    drain(false);
    if (batch.length >= rowBatchSize) {
      yield batch;
      batch = [];
    }
  }
  drain(true);
  if (batch.length > 0) yield batch;
}

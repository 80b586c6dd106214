/**
 * Native EVTX reader: file and chunk headers, records and the BinXml token stream, written from
 * the public description of the format ("Windows XML Event Log (EVTX) format", libyal/libevtx).
 */
import type { ReadDiagnostics } from '../diagnostics.js';
import type { WindowsEvent } from '../windowsEvent.js';
import type { ChunkBlock } from './fileChunks.js';
import {
  issueReporter,
  parseChunkEvents,
  parseChunkRows,
  renderChunk,
  type NormalizedChunk,
  type ReadEvtxOptions,
  type RecordFormat,
  type RenderedChunk,
} from './reader.js';
import type { TableRow } from '../types.js';
import { withThreads } from './threads.js';
import { chunkSize } from './chunkHeader.js';
import { fileHeaderSize } from './fileHeader.js';

export { isEvtx } from './fileHeader.js';
export { EvtxThreads } from './threads.js';
export { readEvtxRecords, type ReadEvtxOptions, type RecordFormat } from './reader.js';
export type { EvtxRecord } from './chunk.js';
export { renderRecordXml, xmlDocumentStart, xmlDocumentEnd } from './renderXml.js';
export { renderRecordJson } from './renderJson.js';
export { EvtxFormatError } from './errors.js';

/**
 * Reads an EVTX file as flat events, one batch per chunk, in record order. Every skipped chunk or
 * record goes to `diag.skip` with its location and reason; checksum mismatches and stale headers
 * go to `diag.warn`; records read are counted in `diag.eventsRead`. Throws EvtxFormatError only
 * when the file header itself is unusable (not an EVTX file). `threads` sets the parsing threads,
 * the calling thread included, and 1 parses on it alone. The default is chosen by EvtxThreads.
 */
export async function* readEvtxEvents(
  path: string,
  diag: ReadDiagnostics,
  options: ReadEvtxOptions = {},
): AsyncGenerator<WindowsEvent[]> {
  const report = issueReporter(options.display ?? path, diag);
  yield* withThreads(options, async function* read(threads) {
    const parseHere = (block: ChunkBlock) => parseChunkEvents(block.bytes, block.index, block.fileOffset);
    const parsed = await threads.parse(path, report, parseHere, {});
    for await (const { events, issues } of parsed) {
      for (const issue of issues) report(issue);
      diag.eventsRead += events.length;
      yield events;
    }
  });
}

/**
 * Reads an EVTX file and renders its records in `format`, one string per chunk, in record order,
 * on several threads as `options.threads` or the file's size decides. Diagnostics as in
 * readEvtxEvents, and the XML document's start and end are left to the caller.
 */
export async function* readEvtxRendered(
  path: string,
  format: RecordFormat,
  diag: ReadDiagnostics,
  options: ReadEvtxOptions = {},
): AsyncGenerator<string> {
  const report = issueReporter(options.display ?? path, diag);
  yield* withThreads(options, async function* read(threads) {
    const parseHere = (block: ChunkBlock) => renderChunk(block.bytes, block.index, block.fileOffset, format);
    for await (const { text, recordCount, issues } of await threads.parse<RenderedChunk>(path, report, parseHere, { render: format })) {
      for (const issue of issues) report(issue);
      diag.eventsRead += recordCount;
      yield text;
    }
  });
}

/**
 * Reads an EVTX file as normalised table rows, one batch per chunk, in record order; the events
 * that belong to no table are counted in `diag` by reason, and with `options.tables` the events
 * of other tables are counted as rows of their table without being built. Parsing and
 * normalising both happen on the worker threads when there are any, so only the rows that are
 * built cross back to this thread. `file` is the name the rows' origin carries. Diagnostics as
 * in readEvtxEvents.
 */
export async function* readEvtxRows(
  path: string,
  file: string,
  diag: ReadDiagnostics,
  options: ReadEvtxOptions = {},
): AsyncGenerator<TableRow[]> {
  const report = issueReporter(file, diag);
  const { tables } = options;
  const parseHere = (block: ChunkBlock) => parseChunkRows(block.bytes, block.index, block.fileOffset, file, tables);
  const work = { rowsOf: file, tables: tables === undefined ? undefined : [...tables], filter: options.filter };
  let chunks = 0;
  yield* withThreads(options, async function* read(threads) {
    const parsed = await threads.parse<NormalizedChunk>(path, report, parseHere, work);
    for await (const { rows, ignored, countedOnly, eventCount, issues } of parsed) {
      for (const issue of issues) report(issue);
      diag.eventsRead += eventCount;
      for (const [reason, count] of ignored) diag.ignoredByReason.set(reason, (diag.ignoredByReason.get(reason) ?? 0) + count);
      for (const [table, count] of countedOnly) diag.countRow(table, count);
      for (const row of rows) diag.countRow(row.table);
      // Blocks that are not chunks are not counted, so this may lag; the reader's caller tops up at the end.
      options.onOffset?.(fileHeaderSize + ++chunks * chunkSize);
      yield rows;
    }
  });
}

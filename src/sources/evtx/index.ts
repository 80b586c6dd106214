/**
 * Native EVTX reader: file and chunk headers, records and the BinXml token stream, written from
 * the public description of the format ("Windows XML Event Log (EVTX) format", libyal/libevtx).
 */
import type { ReadDiagnostics } from '../diagnostics.js';
import type { WindowsEvent } from '../windowsEvent.js';
import { readChunkBlocks } from './fileChunks.js';
import { issueReporter, parseChunkEvents, type ReadEvtxOptions } from './reader.js';

export { isEvtx } from './fileHeader.js';
export { readEvtxRecords, type ReadEvtxOptions } from './reader.js';
export type { EvtxRecord } from './chunk.js';
export { renderRecordXml, xmlDocumentStart, xmlDocumentEnd } from './renderXml.js';
export { renderRecordJson } from './renderJson.js';
export { EvtxFormatError } from './errors.js';

/**
 * Reads an EVTX file as flat events, one batch per chunk, in record order. Every skipped chunk or
 * record goes to `diag.skip` with its location and reason; checksum mismatches and stale headers
 * go to `diag.warn`; records read are counted in `diag.eventsRead`. Throws EvtxFormatError only
 * when the file header itself is unusable (not an EVTX file).
 */
export async function* readEvtxEvents(
  path: string,
  diag: ReadDiagnostics,
  options: ReadEvtxOptions = {},
): AsyncGenerator<WindowsEvent[]> {
  void options;
  const report = issueReporter(path, diag);
  for await (const block of readChunkBlocks(path, report)) {
    const { events, issues } = parseChunkEvents(block.bytes, block.index, block.fileOffset);
    for (const issue of issues) report(issue);
    diag.eventsRead += events.length;
    yield events;
  }
}

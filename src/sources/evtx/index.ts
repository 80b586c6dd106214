/**
 * Native EVTX reader: file and chunk headers, records and the BinXml token stream, written from
 * the public description of the format ("Windows XML Event Log (EVTX) format", libyal/libevtx).
 */
import type { ReadDiagnostics } from '../diagnostics.js';
import type { WindowsEvent } from '../windowsEvent.js';
import { readChunkBlocks, type ChunkBlock } from './fileChunks.js';
import { issueReporter, parseChunkEvents, parseChunkRows, type NormalizedChunk, type ReadEvtxOptions } from './reader.js';
import type { TableRow } from '../types.js';
import { parseFileInWorkers } from './workerPool.js';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';

/** Files below this size are parsed on the calling thread, where starting workers would cost more than it saves. */
const minBytesForWorkers = 4 * 1024 * 1024;

/**
 * Cores below which the calling thread alone is faster. One parsing thread already keeps a
 * second core busy with V8's compiler and garbage collector threads, and each worker adds its
 * own JIT warm-up and the structured clone of its rows. On 2 cores, `scan` of a 64 MB Sysmon
 * and Security file took 0.63-0.83 s with one thread and 0.90-1.00 s with two workers.
 */
const minCoresForWorkers = 3;

async function defaultWorkers(path: string): Promise<number> {
  const cores = availableParallelism();
  if (cores < minCoresForWorkers) return 1;
  const { size } = await stat(path);
  // NOTE: the gain from workers on 3 or more cores has not been measured; only 2 cores were.
  return size < minBytesForWorkers ? 1 : Math.min(cores, 4);
}

/**
 * Parses every chunk of `path` in file order, on worker threads when the options or the machine
 * call for them, else on this thread with `parseHere`. `rowsOf` makes workers normalise to rows.
 */
async function parseChunks<Result>(
  path: string,
  options: ReadEvtxOptions,
  report: ReturnType<typeof issueReporter>,
  parseHere: (block: ChunkBlock) => Result,
  rowsOf?: string,
): Promise<AsyncIterable<Result>> {
  const workers = options.workers ?? (await defaultWorkers(path));
  if (workers > 1) return parseFileInWorkers<Result>(path, workers, report, rowsOf);
  return (async function* parseOnThisThread() {
    for await (const block of readChunkBlocks(path, report)) yield parseHere(block);
  })();
}

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
 * when the file header itself is unusable (not an EVTX file). `workers` sets the worker threads
 * (1 parses on the calling thread); by default files of 4 MiB and more use up to 4 workers
 * on machines with 3 or more cores, and the calling thread alone on 1 or 2 cores.
 */
export async function* readEvtxEvents(
  path: string,
  diag: ReadDiagnostics,
  options: ReadEvtxOptions = {},
): AsyncGenerator<WindowsEvent[]> {
  const report = issueReporter(path, diag);
  const parsed = await parseChunks(path, options, report, (block) => parseChunkEvents(block.bytes, block.index, block.fileOffset));
  for await (const { events, issues } of parsed) {
    for (const issue of issues) report(issue);
    diag.eventsRead += events.length;
    yield events;
  }
}

/**
 * Reads an EVTX file as normalised table rows, one batch per chunk, in record order; the events
 * that belong to no table are counted in `diag` by reason. Parsing and normalising both happen
 * on the worker threads when there are any, so only the rows cross back to this thread.
 * `file` is the name the rows' origin carries. Diagnostics as in readEvtxEvents.
 */
export async function* readEvtxRows(
  path: string,
  file: string,
  diag: ReadDiagnostics,
  options: ReadEvtxOptions = {},
): AsyncGenerator<TableRow[]> {
  const report = issueReporter(path, diag);
  const parsed = await parseChunks<NormalizedChunk>(path, options, report, (block) => parseChunkRows(block.bytes, block.index, block.fileOffset, file), file);
  for await (const { rows, ignored, eventCount, issues } of parsed) {
    for (const issue of issues) report(issue);
    diag.eventsRead += eventCount;
    for (const [reason, count] of ignored) diag.ignoredByReason.set(reason, (diag.ignoredByReason.get(reason) ?? 0) + count);
    for (const row of rows) diag.countRow(row.table);
    yield rows;
  }
}

import type { ReadDiagnostics } from '../diagnostics.js';
import type { WindowsEvent } from '../windowsEvent.js';
import { parseChunk, type ChunkIssue, type EvtxRecord } from './chunk.js';
import { readChunkBlocks } from './fileChunks.js';
import { flattenRecord } from './flatten.js';
import { normalizeWindowsEvent } from '../../schema/normalize/windowsEvent.js';
import type { TableRow } from '../types.js';

export interface ReadEvtxOptions {
  /** Worker threads parsing chunks; 1 parses on the calling thread. */
  workers?: number;
}

/** Returns a function that files chunk issues under `file` in `diag`. */
export function issueReporter(file: string, diag: ReadDiagnostics): (issue: ChunkIssue) => void {
  return (issue) => {
    if (issue.kind === 'skip') diag.skip({ file, at: issue.at }, issue.reason);
    else diag.warn({ file, at: issue.at }, issue.reason);
  };
}

/**
 * Reads every record of an EVTX file, one batch per chunk, in file order. Skipped chunks and
 * records, checksum mismatches and stale headers go to `diag` with their location.
 */
export async function* readEvtxRecords(path: string, diag: ReadDiagnostics): AsyncGenerator<EvtxRecord[]> {
  const report = issueReporter(path, diag);
  for await (const block of readChunkBlocks(path, report)) {
    const result = parseChunk(block.bytes, block.index, block.fileOffset);
    for (const issue of result.issues) report(issue);
    diag.eventsRead += result.records.length;
    yield result.records;
  }
}

/** Parses one chunk and flattens its records; shared by the calling thread and the workers. */
export function parseChunkEvents(
  bytes: Uint8Array,
  index: number,
  fileOffset: number,
): { events: WindowsEvent[]; issues: ChunkIssue[] } {
  const result = parseChunk(bytes, index, fileOffset);
  const events = new Array<WindowsEvent>(result.records.length);
  for (let i = 0; i < events.length; i++) events[i] = flattenRecord(result.records[i]!);
  return { events, issues: result.issues };
}

/** A chunk's events after normalisation: the table rows, and how many events each reason left out. */
export interface NormalizedChunk {
  rows: TableRow[];
  ignored: Array<[string, number]>;
  eventCount: number;
  issues: ChunkIssue[];
}

/**
 * Parses one chunk and normalises its events to table rows where they are parsed, so that a
 * worker sends back only the rows a query can read (most events of a Sysmon or Security log
 * belong to no table) plus a count per ignore reason.
 */
export function parseChunkRows(bytes: Uint8Array, index: number, fileOffset: number, file: string): NormalizedChunk {
  const { events, issues } = parseChunkEvents(bytes, index, fileOffset);
  const rows: TableRow[] = [];
  const ignored = new Map<string, number>();
  const origin = { file };
  for (const event of events) {
    const result = normalizeWindowsEvent(event, origin);
    if (typeof result === 'string') ignored.set(result, (ignored.get(result) ?? 0) + 1);
    else rows.push(result);
  }
  return { rows, ignored: [...ignored], eventCount: events.length, issues };
}

import type { ReadDiagnostics } from '../diagnostics.js';
import type { WindowsEvent } from '../windowsEvent.js';
import { parseChunk, type ChunkIssue, type EvtxRecord } from './chunk.js';
import { readChunkBlocks } from './fileChunks.js';
import { flattenRecord } from './flatten.js';

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

import type { ReadDiagnostics } from '../diagnostics.js';
import type { EvtxThreads } from './threads.js';
import type { RowFilterSpec } from '../../kql/rowFilter.js';
import type { Row } from '../../schema/types.js';
import type { WindowsEvent } from '../windowsEvent.js';
import { materializeRecordContent, parseChunk, walkChunk, type ChunkIssue, type EvtxRecord } from './chunk.js';
import type { ChunkContext } from './chunkContext.js';
import { EvtxFormatError } from './errors.js';
import { FlatRecordReader } from './flatRecord.js';
import { renderRecordJson } from './renderJson.js';
import { renderRecordXml } from './renderXml.js';
import type { RecordHeader } from './record.js';
import { readChunkBlocks } from './fileChunks.js';
import { flattenRecord } from './flatten.js';
import { windowsEventRoute } from '../../schema/normalize/windowsEvent.js';
import type { TableRow } from '../types.js';

export interface ReadEvtxOptions {
  /** Threads parsing chunks, the calling thread included; 1 parses on it alone. Chosen per file when absent. */
  threads?: number;
  /** Threads shared with the other files of a read; `threads` is then ignored. */
  pool?: EvtxThreads;
  /** Rows no query could use, dropped where they are parsed instead of being handed on (counted still). */
  filter?: RowFilterSpec;
  /** The file's name in issues, when `path` is a temporary copy (standard input, gzip). */
  display?: string;
  /** Called with the file offset reached after each chunk is handed on, for progress. */
  onOffset?: (offset: number) => void;
  /**
   * Tables whose rows are built; events of other tables are counted per table but neither
   * decoded past their System fields nor normalised. All tables when absent.
   */
  tables?: ReadonlySet<string>;
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

/** One per thread: the flat reader keeps reusable buffers and reads one record at a time. */
const flatReader = new FlatRecordReader();

function emptyEvent(recordId: number): WindowsEvent {
  return { provider: '', eventId: 0, version: null, channel: '', computer: '', timeCreated: null, recordId, data: {} };
}

/** Flattens a record through its element tree; throws, skipping the record, when it is damaged. */
function flattenThroughTree(chunk: ChunkContext, header: RecordHeader): WindowsEvent {
  return flattenRecord({ recordId: header.recordId, content: materializeRecordContent(chunk, header) });
}

/**
 * Reads a record's event. With `wantsData`, the provider, channel and event id are read first
 * and the rest only when `wantsData` returns true for them; an event it rejects carries only
 * those three fields (and its record id). Records the flat reader does not cover go through the
 * element tree, which yields the whole event or throws the reason the record is skipped.
 */
function readRecordEvent(chunk: ChunkContext, header: RecordHeader, wantsData?: (event: WindowsEvent) => boolean): WindowsEvent {
  try {
    if (flatReader.load(chunk, header)) {
      const event = emptyEvent(header.recordId);
      if (wantsData !== undefined) {
        flatReader.readSystem(event, true);
        if (!wantsData(event)) return event;
      }
      flatReader.readSystem(event);
      flatReader.readData(event.data);
      return event;
    }
  } catch (error) {
    if (!(error instanceof EvtxFormatError || error instanceof RangeError)) throw error;
  }
  return flattenThroughTree(chunk, header);
}

/** A chunk's records rendered as text, as `lurewatch dump` prints them. */
export interface RenderedChunk {
  text: string;
  recordCount: number;
  issues: ChunkIssue[];
}

/** Output formats of renderChunk: one JSON object per line, or Event elements of an XML document. */
export type RecordFormat = 'jsonl' | 'xml';

/**
 * Parses one chunk and renders its records in `format`, so that a worker sends back one string
 * per chunk. The XML document's start and end are not included.
 */
export function renderChunk(bytes: Uint8Array, index: number, fileOffset: number, format: RecordFormat): RenderedChunk {
  const { records, issues } = parseChunk(bytes, index, fileOffset);
  let text = '';
  if (format === 'xml') for (const record of records) text += renderRecordXml(record);
  else for (const record of records) text += renderRecordJson(record) + '\n';
  return { text, recordCount: records.length, issues };
}

/** Parses one chunk and flattens its records; shared by the calling thread and the workers. */
export function parseChunkEvents(
  bytes: Uint8Array,
  index: number,
  fileOffset: number,
): { events: WindowsEvent[]; issues: ChunkIssue[] } {
  const result = walkChunk(bytes, index, fileOffset, (chunk, header) => readRecordEvent(chunk, header));
  return { events: result.records, issues: result.issues };
}

/** A chunk's events after normalisation: the table rows, and how many events each reason left out. */
export interface NormalizedChunk {
  rows: TableRow[];
  ignored: Array<[string, number]>;
  /** Rows counted per table but not handed on: of tables not asked for, or that `keep` dropped. */
  countedOnly: Array<[string, number]>;
  eventCount: number;
  issues: ChunkIssue[];
}

/**
 * Parses one chunk and normalises its events to table rows where they are parsed, so that a
 * worker sends back only the rows a query can read (most events of a Sysmon or Security log
 * belong to no table) plus a count per ignore reason. The EventData of an event that no
 * normaliser takes, or whose table is not in `tables`, is not decoded. A row `keep` rejects is
 * counted but not returned.
 */
export function parseChunkRows(
  bytes: Uint8Array,
  index: number,
  fileOffset: number,
  file: string,
  tables?: ReadonlySet<string>,
  keep?: (table: string, row: Row) => boolean,
): NormalizedChunk {
  const isBuilt = (event: WindowsEvent): boolean => {
    const route = windowsEventRoute(event);
    return typeof route !== 'string' && (tables === undefined || tables.has(route.table));
  };
  const { records: events, issues } = walkChunk(bytes, index, fileOffset, (chunk, header) => readRecordEvent(chunk, header, isBuilt));
  const rows: TableRow[] = [];
  const ignored = new Map<string, number>();
  const countedOnly = new Map<string, number>();
  const origin = { file };
  for (const event of events) {
    const route = windowsEventRoute(event);
    if (typeof route === 'string') ignored.set(route, (ignored.get(route) ?? 0) + 1);
    else if (tables !== undefined && !tables.has(route.table)) countedOnly.set(route.table, (countedOnly.get(route.table) ?? 0) + 1);
    else {
      const row = route.normalize(event, origin);
      if (typeof row === 'string') ignored.set(row, (ignored.get(row) ?? 0) + 1);
      else if (keep === undefined || keep(row.table, row.row)) rows.push(row);
      else countedOnly.set(row.table, (countedOnly.get(row.table) ?? 0) + 1);
    }
  }
  return { rows, ignored: [...ignored], countedOnly: [...countedOnly], eventCount: events.length, issues };
}

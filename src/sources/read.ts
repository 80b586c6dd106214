import type { ReadDiagnostics } from './diagnostics.js';
import type { RowBatches, TableRow } from './types.js';
import { fileBytes, gunzipBytes, peekBytes, type PeekedBytes } from './bytes.js';
import { sniffFormat, sniffLength, type SniffResult } from './sniff.js';
import { decodeText } from './text.js';
import { errorText, listInputFiles, type InputFile } from './walk.js';
import { readJsonLines } from './json/jsonLines.js';
import { readJsonDocument } from './json/jsonDocument.js';
import { readEvtxDumpJson } from './json/evtxDumpJson.js';
import { readCsv, NotDefenderCsvError } from './csv/csvReader.js';
import { readEventXml } from './xml/xmlReader.js';
import { EvtxThreads, readEvtxRows } from './evtx/index.js';
import type { RowFilterSpec } from '../kql/rowFilter.js';
import { withSpooledFile } from './spool.js';

/** Input of a format reader: the bytes (head included) and where they came from. */
export interface ReaderInput {
  /** The file name to show in messages and AdditionalFields, or "-" for standard input. */
  file: string;
  /** The file on disk when the bytes are its plain content; null for standard input or gzip. */
  path: string | null;
  bytes: AsyncIterable<Buffer>;
  sniffed: SniffResult;
}

export type FormatReader = (input: ReaderInput, diag: ReadDiagnostics, options: ReaderOptions) => AsyncIterable<TableRow[]>;

/**
 * EVTX branch: the native parser reads the file from disk chunk by chunk and each event goes
 * through the same normaliser as the event XML and JSON forms.
 */
const readEvtx: FormatReader = async function* evtx(input, diag, options) {
  const evtxOptions = { pool: options.evtxThreads, tables: options.tables, filter: options.rowFilter, onOffset: options.onOffset };
  if (input.path !== null) {
    for await (const rows of readEvtxRows(input.path, input.file, diag, evtxOptions)) if (rows.length > 0) yield rows;
    return;
  }
  // Standard input and decompressed gzip have no file to seek in, so they are spooled to one.
  const spool = {
    display: input.file,
    onCutShort: (error: Error, bytes: number) =>
      diag.warn({ file: input.file }, `compressed data ends early (${error.message}): the ${bytes} bytes decompressed before the cut are read`),
  };
  yield* withSpooledFile(input.bytes, 'input.evtx', spool, async function* read(path) {
    for await (const rows of readEvtxRows(path, input.file, diag, evtxOptions)) if (rows.length > 0) yield rows;
  });
};

const readers: Record<'evtx' | 'xml' | 'json-lines' | 'json-document' | 'evtx-dump-json' | 'csv', FormatReader> = {
  evtx: readEvtx,
  xml: (input, diag) => readEventXml(decodeText(input.bytes, input.sniffed.encoding), input.file, diag),
  'json-lines': (input, diag) => readJsonLines(decodeText(input.bytes, input.sniffed.encoding), input.file, diag),
  'json-document': (input, diag) => readJsonDocument(decodeText(input.bytes, input.sniffed.encoding), input.file, diag),
  'evtx-dump-json': (input, diag) => readEvtxDumpJson(decodeText(input.bytes, input.sniffed.encoding), input.file, diag),
  csv: (input, diag) =>
    readCsv(decodeText(input.bytes, input.sniffed.encoding), input.file, input.sniffed.delimiter ?? ',', diag),
};

const supportedFormats = 'EVTX, Windows event XML, JSON lines, JSON (Defender API, Graph or streaming), '
  + 'evtx_dump output (XML, JSON or JSON lines), Defender CSV, or any of these compressed with gzip';

/** Options for readInputs. */
export interface ReadOptions {
  /** Called after each chunk read from disk with the bytes read so far and the total size of the files. */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /**
   * The tables the caller reads. A reader may then skip building rows of other tables, which it
   * still counts in `diag`; rows of other tables may still be yielded. All tables when absent.
   */
  tables?: ReadonlySet<string>;
  /** Threads that parse EVTX files, the calling thread included; 1 parses on it alone. Chosen per file when absent. */
  threads?: number;
  /**
   * The queries of the read, for EVTX workers to drop the rows of `rowFilter.tables` that no
   * query could use before the rows cross threads. Such rows are still counted.
   */
  rowFilter?: RowFilterSpec;
}

/** ReadOptions as the format readers get them, with the EVTX threads shared by every file of the read. */
interface ReaderOptions extends ReadOptions {
  evtxThreads: EvtxThreads;
  /**
   * Reports how far into the current file a reader has got, for readers that read the file from
   * disk themselves rather than through `bytes` (EVTX).
   */
  onOffset?: (offset: number) => void;
}

/**
 * Reads every input (files; folders, walked recursively in sorted order; `-` for standard input)
 * and yields normalised rows in batches, in input order. Each file's format is recognised from
 * its content (gzip is decompressed and sniffed again). Problems are recorded in `diag` and the
 * read goes on: a file that cannot be opened or has an unknown format is skipped with a message
 * that names it and tells what to do; a record that cannot be read is skipped and counted with its
 * line. Unknown files found inside folders are only counted, since folders often hold notes
 * and other non-telemetry files.
 */
export async function* readInputs(paths: string[], diag: ReadDiagnostics, options: ReadOptions = {}): RowBatches {
  const files = await listInputFiles(paths, diag);
  const bytesTotal = files.reduce((sum, file) => sum + file.size, 0);
  let bytesRead = 0;
  const onChunk = options.onProgress === undefined ? undefined : (length: number): void => {
    bytesRead += length;
    options.onProgress!(bytesRead, bytesTotal);
  };

  const readerOptions: ReaderOptions = { ...options, evtxThreads: new EvtxThreads(options.threads, bytesTotal) };
  try {
    for (const file of files) {
      try {
        yield* readFile(file, diag, onChunk, readerOptions);
      } catch (error) {
        const detail = error instanceof NotDefenderCsvError
          ? `${error.message}; only Defender advanced hunting CSV exports are read`
          : `${errorText(error)}; rows read before the failure were kept`;
        diag.skipFile({ file: file.display }, error instanceof NotDefenderCsvError ? 'unknown CSV layout' : 'read failed', {
          error: true,
          detail,
        });
      }
    }
  } finally {
    await readerOptions.evtxThreads.close();
  }
}

async function* readFile(
  file: InputFile,
  diag: ReadDiagnostics,
  onChunk: ((length: number) => void) | undefined,
  options: ReaderOptions,
): AsyncGenerator<TableRow[]> {
  const opened: PeekedBytes[] = [];
  // Bytes counted for this file: what the stream has read, or the offset reached by a reader
  // that reads the file itself, whichever is further. The count stops at the file's size.
  let counted = 0;
  const onOffset = onChunk === undefined ? undefined : (offset: number): void => {
    const reached = Math.min(offset, file.size);
    if (reached <= counted) return;
    onChunk(reached - counted);
    counted = reached;
  };
  try {
    let peeked = await peekBytes(fileBytes(file.path, onOffset === undefined ? undefined : (length) => onOffset(counted + length)), sniffLength);
    opened.push(peeked);
    let sniffed = sniffFormat(peeked.head, peeked.complete);
    let path = file.path;
    // Nested gzip is rare but cheap to allow; a bound keeps a crafted input from looping.
    for (let depth = 0; sniffed.format === 'gzip' && depth < 4; depth++) {
      peeked = await peekBytes(gunzipBytes(peeked.bytes), sniffLength);
      opened.push(peeked);
      sniffed = sniffFormat(peeked.head, peeked.complete);
      path = null;
    }
    yield* dispatch(file, path, peeked, sniffed, diag, path === null ? options : { ...options, onOffset });
    // A reader may stop before the end (an EVTX file's slack after its last chunk).
    onOffset?.(file.size);
  } finally {
    for (const stream of opened.reverse()) await stream.close();
  }
}

async function* dispatch(
  file: InputFile,
  path: string | null,
  peeked: PeekedBytes,
  sniffed: SniffResult,
  diag: ReadDiagnostics,
  options: ReaderOptions,
): AsyncGenerator<TableRow[]> {
  switch (sniffed.format) {
    case 'empty':
      diag.skipFile({ file: file.display }, 'empty file', { error: false });
      diag.warn({ file: file.display }, 'empty file, nothing to read');
      return;
    case 'gzip':
      diag.skipFile({ file: file.display }, 'gzip nested too deeply', { error: true });
      return;
    case 'unknown': {
      const detail = `${sniffed.detail ?? 'unrecognised content'}; expected ${supportedFormats}`;
      diag.skipFile({ file: file.display }, 'unknown format', { error: file.named, detail });
      if (!file.named) diag.warn({ file: file.display }, `skipped, not telemetry: ${detail}`);
      return;
    }
    default:
      // Counted only here, so that a file skipped as empty or unknown is not also counted as read.
      diag.files++;
      yield* readers[sniffed.format]({ file: file.display, path, bytes: peeked.bytes, sniffed }, diag, options);
  }
}

import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readEvtxRendered, xmlDocumentEnd, xmlDocumentStart, type RecordFormat } from '../sources/evtx/index.js';
import { fileBytes, gunzipBytes, peekBytes } from '../sources/bytes.js';
import { withSpooledFile } from '../sources/spool.js';
import { isStdoutClosed, watchStdout, writeStdout } from './stdout.js';
import { counted } from '../output/summary.js';
import { parseThreadsOption } from './options.js';
import { checkInputPaths } from './paths.js';
import { stat } from 'node:fs/promises';

type DumpFormat = RecordFormat;

function parseDumpFormat(value: string): DumpFormat {
  if (value === 'jsonl' || value === 'xml') return value;
  throw new InvalidArgumentError(`"${value}" is not a dump format; use jsonl or xml`);
}

/** Flushes rendered records to stdout once this many characters are pending. */
const flushThreshold = 1 << 20;

/**
 * Writes every record of an EVTX file to stdout as JSON lines (EventData as an object keyed by
 * Data Name) or as an XML document of Event elements, in record order. Skipped records and
 * warnings go to stderr. Skipped records do not change the exit code, as in scan: it is 2 only
 * when the file cannot be read at all.
 */
async function dumpEvtx(file: string, format: DumpFormat, threads: number): Promise<void> {
  await checkInputPaths([file]);
  if (file !== '-') {
    const info = await stat(file);
    if (info.isDirectory()) throw new Error(`${file} is a folder: dump reads one EVTX file`);
    if (info.size === 0) throw new Error(`${file}: empty file, nothing to dump`);
  }
  const diag = new ReadDiagnostics();
  watchStdout();
  let pending = format === 'xml' ? xmlDocumentStart : '';
  for await (const text of evtxTextOf(file, format, diag, threads)) {
    pending += text;
    if (pending.length >= flushThreshold) {
      await writeStdout(pending);
      pending = '';
      // The reader (head, less) has gone: nothing more can be shown, so the read stops.
      if (isStdoutClosed()) return;
    }
  }
  if (format === 'xml') pending += xmlDocumentEnd;
  await writeStdout(pending);

  const where = (issue: { location: { file: string; at?: string } }) => issue.location.file + (issue.location.at ? ` ${issue.location.at}` : '');
  for (const issue of diag.warnings) process.stderr.write(`lurewatch dump: warning: ${where(issue)}: ${issue.reason}\n`);
  for (const issue of diag.skippedSamples) process.stderr.write(`lurewatch dump: skipped: ${where(issue)}: ${issue.reason}\n`);
  const skipped = diag.skippedTotal;
  process.stderr.write(`lurewatch dump: ${counted(diag.eventsRead, 'record')} read, ${skipped} skipped\n`);
}

const gzipMagic = [0x1f, 0x8b];

/**
 * Renders the records of `file`, which may also be gzip-compressed or `-` for standard input.
 * Those two are spooled to a temporary file, because EVTX is read by seeking to its chunks.
 */
async function* evtxTextOf(file: string, format: DumpFormat, diag: ReadDiagnostics, threads: number): AsyncGenerator<string> {
  const peeked = await peekBytes(fileBytes(file === '-' ? null : file), 2);
  const gzip = peeked.head[0] === gzipMagic[0] && peeked.head[1] === gzipMagic[1];
  if (file !== '-' && !gzip) {
    await peeked.close();
    yield* readEvtxRendered(file, format, diag, { threads });
    return;
  }
  const bytes = gzip ? gunzipBytes(peeked.bytes) : peeked.bytes;
  const display = file === '-' ? 'standard input' : file;
  const spool = {
    display,
    onCutShort: (error: Error, length: number) =>
      diag.warn({ file: display }, `compressed data ends early (${error.message}): the ${length} bytes decompressed before the cut are read`),
  };
  yield* withSpooledFile(bytes, 'input.evtx', spool, async function* read(path) {
    if ((await stat(path)).size === 0) throw new Error(`${display} is empty, nothing to dump`);
    yield* readEvtxRendered(path, format, diag, { threads, display });
  });
}

export function registerDump(program: Command): void {
  program
    .command('dump')
    .description('Print every record of an EVTX file as JSON lines or XML, for checking and piping into other tools')
    .argument('<file>', "EVTX file to read (gzip-compressed too), or '-' for standard input")
    .option('-f, --format <format>', 'output format: jsonl (one record per line) or xml', parseDumpFormat, 'jsonl' as DumpFormat)
    // Rendered text is large: each worker added 100 to 150 MB at peak on a 67 MB file, so workers are opt-in here.
    .option('--threads <count>', 'threads that parse and render the file; each one past the first adds about 100 to 150 MB of memory', parseThreadsOption, 1)
    .addHelpText('after', '\nExit codes: 0 the file was read (skipped records and warnings are listed on stderr), 2 the file cannot be read.')
    .action(async (file: string, options: { format: DumpFormat; threads: number }) => {
      await dumpEvtx(file, options.format, options.threads);
    });
}

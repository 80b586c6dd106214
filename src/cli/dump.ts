import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readEvtxRecords, renderRecordJson, renderRecordXml, xmlDocumentEnd, xmlDocumentStart } from '../sources/evtx/index.js';

type DumpFormat = 'jsonl' | 'xml';

function parseDumpFormat(value: string): DumpFormat {
  if (value === 'jsonl' || value === 'xml') return value;
  throw new InvalidArgumentError(`"${value}" is not a dump format; use jsonl or xml`);
}

/** Exit code when records were skipped, the same as for an unreadable input in scan. */
const exitSkipped = 2;

/** Writes to stdout and waits for the flush; a reader that closed early (EPIPE) is not an error. */
function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text === '') return resolve();
    process.stdout.write(text, (error) => {
      if (error && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
      else resolve();
    });
  });
}

/** Flushes rendered records to stdout once this many characters are pending. */
const flushThreshold = 1 << 20;

/**
 * Writes every record of an EVTX file to stdout as JSON lines (EventData as an object keyed by
 * Data Name) or as an XML document of Event elements, in record order. Skipped records and
 * warnings go to stderr; the exit code is 2 when any record was skipped.
 */
async function dumpEvtx(file: string, format: DumpFormat): Promise<void> {
  const diag = new ReadDiagnostics();
  const render = format === 'xml' ? renderRecordXml : (record: Parameters<typeof renderRecordJson>[0]) => renderRecordJson(record) + '\n';
  let pending = format === 'xml' ? xmlDocumentStart : '';
  for await (const records of readEvtxRecords(file, diag)) {
    for (const record of records) pending += render(record);
    if (pending.length >= flushThreshold) {
      await writeStdout(pending);
      pending = '';
    }
  }
  if (format === 'xml') pending += xmlDocumentEnd;
  await writeStdout(pending);

  for (const issue of diag.warnings) process.stderr.write(`lurewatch dump: warning: ${issue.location.file} ${issue.location.at ?? ''}: ${issue.reason}\n`);
  for (const issue of diag.skippedSamples) process.stderr.write(`lurewatch dump: skipped: ${issue.location.file} ${issue.location.at ?? ''}: ${issue.reason}\n`);
  const skipped = diag.skippedTotal;
  process.stderr.write(`lurewatch dump: ${diag.eventsRead} records read, ${skipped} skipped\n`);
  if (skipped > 0) process.exitCode = exitSkipped;
}

export function registerDump(program: Command): void {
  program
    .command('dump')
    .description('Print every record of an EVTX file as JSON lines or XML, for checking and piping into other tools')
    .argument('<file>', 'EVTX file to read')
    .option('-f, --format <format>', 'output format: jsonl (one record per line) or xml', parseDumpFormat, 'jsonl' as DumpFormat)
    .action(async (file: string, options: { format: DumpFormat }) => {
      await dumpEvtx(file, options.format);
    });
}

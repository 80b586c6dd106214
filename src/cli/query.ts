import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compileQuery, InputRegistry, KqlError, type CompiledQuery } from '../kql/index.js';
import { formatDatetime } from '../kql/datetime.js';
import type { OutputFormat } from '../output/format.js';
import { renderRecords } from '../output/writers.js';
import { tableSchemas } from '../schema/tables.js';
import type { Row } from '../schema/types.js';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readInputs } from '../sources/read.js';
import { counted } from '../output/summary.js';
import { LineageTracker } from '../detect/lineage.js';
import { exitCodes } from './exitCodes.js';
import { parseFormatOption, parseNowOption, parseThreadsOption } from './options.js';
import { checkInputPaths } from './paths.js';
import { isStdoutClosed, watchStdout } from './stdout.js';
import { createProgress } from './progress.js';

interface QueryCommandOptions {
  queryFile?: string;
  format?: OutputFormat;
  now?: number;
  progress: boolean;
  summary: boolean;
  lineage: boolean;
  threads?: number;
}

/** Bytes of formatted output gathered before a write to stdout. */
const flushBytes = 64 * 1024;

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('Run one KQL query over telemetry files and print the result table')
    .argument('[query]', "the KQL query, e.g. 'DeviceProcessEvents | summarize count() by DeviceName' (omit with --query-file)")
    .argument('[paths...]', "files or folders to read (folders recursively), or '-' for standard input")
    .option('-q, --query-file <file>', 'read the query from this file; then every argument is a path')
    .option('-f, --format <format>', 'output format: table, jsonl, csv or json (default: table on a terminal, jsonl otherwise)', parseFormatOption)
    .option('--now <datetime>', 'clock for now() and ago(), e.g. 2026-11-30T19:00:00Z; without it, time filters against ago() and now() are not applied', parseNowOption)
    .option('--no-lineage', 'do not infer missing parents and grandparents from earlier events of the same host (scan infers them too)')
    .option('--threads <count>', 'threads that parse EVTX files, 1 for the main thread alone (default: from the cores and the file size)', parseThreadsOption)
    .option('--no-progress', 'do not show a progress bar on stderr')
    .option('--no-summary', 'do not print the read summary on stderr')
    .addHelpText('after', `\nExit codes: ${exitCodes.ok} success, ${exitCodes.error} a query that does not compile or an input that could not be read.`)
    .action(async (query: string | undefined, paths: string[], options: QueryCommandOptions) => {
      process.exitCode = await runQueryCommand(query, paths, options);
    });
}

/** Formats result rows batch by batch: jsonl, csv and json stream; a table needs every row for its widths. */
class ResultWriter {
  private readonly parts: string[] = [];
  private size = 0;
  private readonly tableRows: Row[] = [];
  private rowsWritten = 0;
  rows = 0;

  constructor(
    private readonly columns: CompiledQuery['columns'],
    private readonly format: OutputFormat,
  ) {}

  push(row: Row): void {
    this.rows++;
    if (this.format === 'table') {
      // NOTE: the table format keeps every result row in memory, since column widths depend on all of them.
      this.tableRows.push(row);
      return;
    }
    this.tableRows.push(row);
    if (this.tableRows.length >= 256) this.formatPending();
  }

  /** Writes what is pending to stdout and waits for it to drain when the pipe is full. */
  async flush(force = false): Promise<void> {
    if (this.format !== 'table') this.formatPending();
    if (this.size < flushBytes && !force) return;
    const text = this.parts.join('');
    this.parts.length = 0;
    this.size = 0;
    if (text !== '') await writeWithBackpressure(text);
  }

  async finish(): Promise<void> {
    if (this.format === 'table') {
      const width = process.stdout.columns ?? 200;
      this.append(renderRecords({ columns: this.columns, rows: this.tableRows }, 'table', width));
    } else {
      this.formatPending();
      if (this.format === 'json') this.append(this.rowsWritten === 0 ? '[]\n' : '\n]\n');
      if (this.format === 'csv' && this.rowsWritten === 0) this.append(renderRecords({ columns: this.columns, rows: [] }, 'csv', 0));
    }
    await this.flush(true);
  }

  private append(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  private formatPending(): void {
    if (this.tableRows.length === 0) return;
    const rows = this.tableRows.splice(0, this.tableRows.length);
    const set = { columns: this.columns, rows };
    if (this.format === 'jsonl') this.append(renderRecords(set, 'jsonl', 0));
    else if (this.format === 'csv') {
      const text = renderRecords(set, 'csv', 0);
      // Each batch renders its own header line; only the first batch keeps it.
      this.append(this.rowsWritten === 0 ? text : text.slice(text.indexOf('\r\n') + 2));
    } else {
      const items = rows.map((row) => JSON.stringify(JSON.parse(renderRecords({ columns: this.columns, rows: [row] }, 'jsonl', 0)), null, 2).replace(/^/gm, '  '));
      this.append(`${this.rowsWritten === 0 ? '[\n' : ',\n'}${items.join(',\n')}`);
    }
    this.rowsWritten += rows.length;
  }
}

function writeWithBackpressure(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (isStdoutClosed()) return resolve();
    const ready = process.stdout.write(text);
    if (ready) return resolve();
    const done = (): void => {
      process.stdout.off('drain', done);
      process.stdout.off('error', done);
      resolve();
    };
    process.stdout.on('drain', done);
    process.stdout.on('error', done);
  });
}

async function runQueryCommand(queryArgument: string | undefined, positional: string[], options: QueryCommandOptions): Promise<number> {
  let text: string;
  let paths = positional;
  let sourceName: string | undefined;
  if (options.queryFile !== undefined) {
    try {
      text = readFileSync(options.queryFile, 'utf8');
    } catch (error) {
      process.stderr.write(`lurewatch: cannot read query file ${options.queryFile}: ${(error as Error).message}\n`);
      return exitCodes.error;
    }
    sourceName = options.queryFile;
    paths = queryArgument === undefined ? positional : [queryArgument, ...positional];
  } else if (queryArgument === undefined) {
    process.stderr.write("lurewatch: give a query, e.g. lurewatch query 'DeviceProcessEvents | take 10' FILE, or --query-file FILE\n");
    return exitCodes.error;
  } else {
    text = queryArgument;
  }
  const clock = options.now === undefined ? { now: Date.now(), lookback: 'ignore' as const } : { now: options.now, lookback: 'apply' as const };
  let query: CompiledQuery;
  try {
    query = compileQuery(text, { tables: tableSchemas, ...clock, sourceName });
  } catch (error) {
    if (error instanceof KqlError) {
      process.stderr.write(`lurewatch: invalid query: ${error.message}\n`);
      return exitCodes.error;
    }
    throw error;
  }
  // A query of print or datatable alone reads no table, so it needs no input.
  const probe = new InputRegistry();
  query.connect({ push: () => {}, end: () => {} }, probe);
  if (paths.length === 0 && probe.tables().some((table) => table !== '')) {
    process.stderr.write("lurewatch: give at least one file or folder to read, or '-' for standard input\n");
    return exitCodes.error;
  }
  await checkInputPaths(paths);
  if (options.now === undefined && query.wallClockTerms.length > 0) {
    process.stderr.write(`lurewatch: --now not given, so these terms read the current time: ${query.wallClockTerms.join('; ')}\n`);
  }
  if (options.now === undefined && query.ignoredLookback.length > 0) {
    process.stderr.write(`lurewatch: --now not given, so these time filters were not applied: ${query.ignoredLookback.join('; ')}\n`);
  }

  const format: OutputFormat = options.format ?? (process.stdout.isTTY ? 'table' : 'jsonl');
  const writer = new ResultWriter(query.columns, format);
  const inputs = new InputRegistry();
  query.connect({ push: (row) => writer.push(row), end: () => {} }, inputs);

  watchStdout();
  const diagnostics = new ReadDiagnostics();
  const progress = createProgress('query', options.progress);
  const limit = query.rowLimit;
  let stoppedEarly = false;
  // The same ancestry inference as scan, so a rule's query returns here what scan alerts on.
  const lineage = options.lineage ? new LineageTracker() : undefined;
  // Lineage needs every process event, so only the other tables are filtered on the workers.
  const filtered = inputs.tables().filter((table) => table !== '' && !(lineage && table === 'DeviceProcessEvents'));
  const read = {
    onProgress: (done: number, total: number) => progress.update(done, total),
    tables: new Set(inputs.tables()),
    threads: options.threads,
    rowFilter: filtered.length === 0 ? undefined : { queries: [{ text, sourceName }], ...clock, tables: filtered },
  };
  for await (const batch of readInputs(paths, diagnostics, read)) {
    for (let i = 0; i < batch.length; i++) {
      const { table, row } = batch[i]!;
      if (lineage && table === 'DeviceProcessEvents') lineage.observe(row);
      inputs.push(table, row);
    }
    await writer.flush();
    if (isStdoutClosed()) break;
    if (limit !== undefined && writer.rows >= limit) {
      stoppedEarly = true;
      break;
    }
  }
  inputs.end();
  progress.stop();
  await writer.finish();

  if (options.summary) process.stderr.write(renderQuerySummary(diagnostics, writer.rows, stoppedEarly, options.now));
  return diagnostics.fileErrors.length > 0 ? exitCodes.error : exitCodes.ok;
}

function renderQuerySummary(diag: ReadDiagnostics, rows: number, stoppedEarly: boolean, now: number | undefined): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const lines: string[] = [];
  const tableRows = [...diag.rowsByTable].map(([table, n]) => `${counted(n, `${table} row`)}`).join(', ') || 'no table rows';
  lines.push(`Read ${counted(diag.files, 'file')}${stoppedEarly ? ' (stopped once take had its rows)' : ''}: ${counted(diag.eventsRead, 'event')}, ${tableRows}.`);
  if (diag.skippedTotal > 0) {
    lines.push(`Records skipped: ${count(diag.skippedTotal)}`);
    for (const [reason, n] of diag.skippedByReason) lines.push(`  ${count(n).padStart(9)}  ${reason}`);
  }
  for (const issue of diag.fileErrors) lines.push(`error: ${issue.location.file}: ${issue.reason}`);
  for (const issue of diag.warnings.slice(0, 10)) lines.push(`warning: ${issue.location.file}${issue.location.at ? ` ${issue.location.at}` : ''}: ${issue.reason}`);
  lines.push(`Result: ${count(rows)} row${rows === 1 ? '' : 's'}${now === undefined ? '' : `, now() = ${formatDatetime(now)}`}.`);
  return `${lines.join('\n')}\n`;
}

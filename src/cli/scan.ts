import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compileRules } from '../detect/compileRules.js';
import { formatDatetime } from '../kql/datetime.js';
import { alertRecords, type AlertLayout } from '../output/records.js';
import { counted, renderScanSummary } from '../output/summary.js';
import { renderRecords } from '../output/writers.js';
import type { OutputFormat } from '../output/format.js';
import { loadRules } from '../rules/load.js';
import { exitCodes } from './exitCodes.js';
import { collect, parseFormatOption, parseNowOption, parseThreadsOption } from './options.js';
import { bundledRules, checkInputPaths, checkOutputPath } from './paths.js';
import { createProgress } from './progress.js';
import { watchStdout, writeStdout } from './stdout.js';
import { runDetection } from '../tuning/detection.js';
import { checkExceptionColumns } from '../tuning/exceptionColumns.js';
import { loadExceptions, type AlertException } from '../tuning/exceptions.js';
import type { Alert } from '../detect/alert.js';
import { exceptionSummaryLines } from '../tuning/apply.js';
import { reviewAlerts } from '../tuning/review.js';
import { StateStore } from '../state/store.js';
import { parseDurationOption } from './tuningOptions.js';

/** Exceptions file read when --exceptions is not given and the file exists in the working folder. */
export const defaultExceptionsFile = 'lurewatch.yaml';

interface ScanCommandOptions {
  rule?: string[];
  format?: OutputFormat;
  output?: string;
  now?: number;
  failOnAlert?: boolean;
  progress: boolean;
  summary: boolean;
  exceptions?: string | false;
  showSuppressed?: boolean;
  groupWindow?: number;
  baseline?: string;
  lineage: boolean;
  threads?: number;
}

const groupColumns: AlertLayout['annotations'] = [
  { name: 'AlertCount', type: 'long' },
  { name: 'FirstSeen', type: 'datetime' },
  { name: 'LastSeen', type: 'datetime' },
];
const baselineColumns: AlertLayout['annotations'] = [
  { name: 'Baseline', type: 'string' },
  { name: 'FirstSeenOnHost', type: 'bool' },
];
const suppressionColumns: AlertLayout['annotations'] = [
  { name: 'SuppressedBy', type: 'string' },
  { name: 'SuppressionReason', type: 'string' },
];

/** Columns of the alert table on a terminal; every column is in the jsonl, csv and json output. */
const tableColumns = ['Timestamp', 'Severity', 'DetectionCategory', 'DeviceName', 'AccountName', 'ProcessChain', 'ProcessCommandLine', 'AlertCount', 'SuppressedBy'];

/** Returns the output format a file name implies when --format is not given: csv, json, else JSON lines. */
function formatOfFileName(path: string): OutputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return 'jsonl';
}

/** Returns an alert's Timestamp in milliseconds, or +Infinity when it has none, which sorts it last. */
function alertTime(alert: Alert): number {
  const time = alert.columns.Timestamp;
  return typeof time === 'number' ? time : Number.POSITIVE_INFINITY;
}

/** Terminal width below which the table leaves out the account and command line, which jsonl and csv keep. */
const narrowTable = 120;
const narrowOmits = new Set(['AccountName', 'ProcessCommandLine']);

/**
 * Returns the table's columns: DetectionCategory when every alert has one, else the rule id in
 * its place. On a narrow terminal the account and command line are left out, so that the process
 * chain keeps room for the process that ran.
 */
function tableColumnsFor(alerts: Alert[], width: number): string[] {
  const columns = width < narrowTable ? tableColumns.filter((name) => !narrowOmits.has(name)) : tableColumns;
  if (alerts.every((alert) => alert.category !== '')) return columns;
  return columns.map((name) => (name === 'DetectionCategory' ? 'RuleId' : name));
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Run detection rules over telemetry files and print the alerts')
    .argument('<paths...>', "files or folders to read (folders recursively), or '-' for standard input")
    .option('-r, --rule <file>', 'rule file (.kql or its .yaml metadata) or folder; repeatable (default: the bundled rules/)', collect)
    .option('-f, --format <format>', 'output format: table, jsonl, csv or json (default: table on a terminal, jsonl otherwise)', parseFormatOption)
    .option('-o, --output <file>', 'write the alerts to this file instead of standard output; without --format, a .csv or .json name sets the format')
    .option('--now <datetime>', 'clock for now() and ago(), e.g. 2026-11-30T19:00:00Z; without it, rule lookbacks are not applied', parseNowOption)
    .option('--fail-on-alert', `exit with code ${exitCodes.alerts} when there is at least one alert`)
    .option('--exceptions <file>', `exceptions YAML file (default: ./${defaultExceptionsFile} when it exists)`)
    .option('--no-exceptions', `do not read ./${defaultExceptionsFile}`)
    .option('--show-suppressed', 'also print the alerts that exceptions or the baseline suppressed, with SuppressedBy')
    .option('--group-window <timespan>', 'fold alerts of one rule, device, FileName, FolderPath and parent within this window into one, e.g. 1h, 30m, 1d', parseDurationOption)
    .option('--baseline <file>', "baseline and alert history database (SQLite) from 'lurewatch baseline learn': tags routine launches and first-seen alerts")
    .option('--no-lineage', 'do not infer missing parents and grandparents from earlier events of the same host')
    .option('--threads <count>', 'threads that parse EVTX files, 1 for the main thread alone (default: from the cores and the file size)', parseThreadsOption)
    .option('--no-progress', 'do not show a progress bar on stderr')
    .option('--no-summary', 'do not print the summary on stderr')
    .addHelpText('after', `\nExit codes: ${exitCodes.ok} success, ${exitCodes.alerts} alerts found (with --fail-on-alert), ${exitCodes.error} error.`)
    .action(async (paths: string[], options: ScanCommandOptions) => {
      process.exitCode = await runScan(paths, options);
    });
}

async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  await checkInputPaths(paths);
  if (options.output !== undefined) await checkOutputPath(options.output, paths);
  const rules = loadRules(options.rule ?? [bundledRules]);
  if (rules.length === 0) throw new Error(`no rules found in ${(options.rule ?? [bundledRules]).join(', ')}: give --rule FILE`);
  const clock = options.now === undefined ? { now: Date.now(), lookback: 'ignore' as const } : { now: options.now, lookback: 'apply' as const };
  const compiled = compileRules(rules, clock);

  const exceptionsFile = exceptionsPath(options.exceptions);
  const exceptions: AlertException[] | undefined = exceptionsFile === undefined ? undefined : loadExceptions(exceptionsFile);
  if (exceptions) checkExceptionColumns(exceptions, compiled);
  if (options.baseline !== undefined && !existsSync(options.baseline)) {
    // Opening a missing file would create an empty baseline and tag every alert as new.
    throw new Error(`baseline not found: ${options.baseline}; create it with 'lurewatch baseline learn PATH... --baseline ${options.baseline}'`);
  }
  const store = options.baseline === undefined ? undefined : new StateStore(options.baseline);

  const progress = createProgress('scan', options.progress);
  const detection = await runDetection(compiled, paths, {
    lineage: options.lineage,
    store,
    threads: options.threads,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.stop();
  const review = reviewAlerts(detection.alerts, {
    evidence: detection.evidence,
    exceptions,
    now: clock.now,
    groupWindow: options.groupWindow,
    store,
  });
  store?.close();
  const result = { alerts: review.alerts, diagnostics: detection.diagnostics };
  // Oldest first across rules, as an alert queue reads; the sort is stable, so alerts of one time keep rule order.
  const byTime = (alerts: Alert[]) => [...alerts].sort((a, b) => alertTime(a) - alertTime(b));
  const listed = options.showSuppressed ? [...byTime(review.alerts), ...byTime(review.suppressed)] : byTime(review.alerts);

  const toStdout = options.output === undefined;
  watchStdout();
  let format: OutputFormat;
  if (options.format !== undefined) format = options.format;
  else if (!toStdout) format = formatOfFileName(options.output!);
  else format = process.stdout.isTTY ? 'table' : 'jsonl';
  const records = alertRecords(listed, {
    ruleColumns: compiled.map(({ query }) => query.columns),
    annotations: [
      { name: 'ProcessChain', type: 'string' },
      { name: 'Sources', type: 'string' },
      ...(options.groupWindow === undefined ? [] : groupColumns),
      ...(store === undefined ? [] : baselineColumns),
      ...(options.showSuppressed ? suppressionColumns : []),
    ],
  });
  // A terminal that reports no width (0) is treated like a missing one.
  const width = process.stdout.columns || 200;
  const text = format === 'table' && records.rows.length === 0 ? 'No alerts.\n' : renderRecords(records, format, width, tableColumnsFor(listed, width));
  if (toStdout) await writeStdout(text);
  else writeFileSync(options.output!, text);

  if (options.summary) {
    process.stderr.write(
      renderScanSummary({
        diagnostics: result.diagnostics,
        alerts: result.alerts,
        rules: compiled.map(({ rule, query }) => ({ id: rule.id, title: rule.title, ignoredLookback: query.ignoredLookback, wallClockTerms: query.wallClockTerms })),
        now: options.now === undefined ? undefined : formatDatetime(options.now),
        suppressedNote: tuningSummary(review, detection.inferredRows, exceptionsFile, options.showSuppressed === true).join('\n') || undefined,
      }),
    );
  }
  const fileErrors = (result.diagnostics as { fileErrors?: unknown[] }).fileErrors ?? [];
  if (fileErrors.length > 0) return exitCodes.error;
  if (options.failOnAlert && result.alerts.length > 0) return exitCodes.alerts;
  return exitCodes.ok;
}

function exceptionsPath(option: string | false | undefined): string | undefined {
  if (option === false) return undefined;
  if (typeof option === 'string') {
    if (!existsSync(option)) throw new Error(`exceptions file not found: ${option}`);
    return option;
  }
  return existsSync(defaultExceptionsFile) ? defaultExceptionsFile : undefined;
}

/** Summary lines on duplicates, lineage, baseline and exceptions; empty when none applied. */
function tuningSummary(review: ReturnType<typeof reviewAlerts>, inferredRows: number, exceptionsFile: string | undefined, shown: boolean): string[] {
  const lines: string[] = [];
  if (review.duplicatesMerged > 0) lines.push(`Merged ${review.duplicatesMerged.toLocaleString('en-US')} alert${review.duplicatesMerged === 1 ? '' : 's'} that another source or export had already reported for the same process (see Sources).`);
  if (inferredRows > 0) lines.push(`Inferred a parent or grandparent for ${counted(inferredRows, 'process event')} from earlier events of the same host (marked '(inferred)' in ProcessChain).`);
  if (review.baselineTagged > 0) lines.push(`Baseline: ${review.baselineTagged} alert${review.baselineTagged === 1 ? '' : 's'} with a routine launch; ${review.baselineSuppressed} suppressed by rules marked 'baseline: suppress'.`);
  if (review.exceptions && exceptionsFile) lines.push(...exceptionSummaryLines(review.exceptions, exceptionsFile, shown));
  else if (review.baselineSuppressed > 0 && !shown) lines.push('List suppressed alerts with --show-suppressed.');
  return lines;
}

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compileRules } from '../detect/compileRules.js';
import { scanInputs } from '../detect/scan.js';
import { formatDatetime } from '../kql/datetime.js';
import { alertRecords } from '../output/records.js';
import { renderScanSummary } from '../output/summary.js';
import { renderRecords } from '../output/writers.js';
import type { OutputFormat } from '../output/format.js';
import { loadRules } from '../rules/load.js';
import { exitCodes } from './exitCodes.js';
import { collect, parseFormatOption, parseNowOption } from './options.js';
import { bundledRules } from './paths.js';
import { createProgress } from './progress.js';
import { writeStdout } from './stdout.js';

interface ScanCommandOptions {
  rule?: string[];
  format?: OutputFormat;
  output?: string;
  now?: number;
  failOnAlert?: boolean;
  progress: boolean;
  summary: boolean;
}

/** Columns of the alert table on a terminal; every column is in the jsonl, csv and json output. */
const tableColumns = ['Timestamp', 'Severity', 'DetectionCategory', 'RuleId', 'DeviceName', 'AccountName', 'InitiatingProcessFileName', 'FileName', 'ProcessCommandLine'];

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Run detection rules over telemetry files and print the alerts')
    .argument('<paths...>', "files or folders to read (folders recursively), or '-' for standard input")
    .option('-r, --rule <file>', 'rule file (.kql or its .yaml metadata) or folder; repeatable (default: the bundled rules/)', collect)
    .option('-f, --format <format>', 'output format: table, jsonl, csv or json (default: table on a terminal, jsonl otherwise)', parseFormatOption)
    .option('-o, --output <file>', 'write the alerts to this file instead of standard output')
    .option('--now <datetime>', 'clock for now() and ago(), e.g. 2026-11-30T19:00:00Z; without it, rule lookbacks are not applied', parseNowOption)
    .option('--fail-on-alert', `exit with code ${exitCodes.alerts} when there is at least one alert`)
    .option('--no-progress', 'do not show a progress bar on stderr')
    .option('--no-summary', 'do not print the summary on stderr')
    .addHelpText('after', `\nExit codes: ${exitCodes.ok} success, ${exitCodes.alerts} alerts found (with --fail-on-alert), ${exitCodes.error} error.`)
    .action(async (paths: string[], options: ScanCommandOptions) => {
      process.exitCode = await runScan(paths, options);
    });
}

async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const rules = loadRules(options.rule ?? [bundledRules]);
  if (rules.length === 0) throw new Error(`no rules found in ${(options.rule ?? [bundledRules]).join(', ')}: give --rule FILE`);
  const clock = options.now === undefined ? { now: Date.now(), lookback: 'ignore' as const } : { now: options.now, lookback: 'apply' as const };
  const compiled = compileRules(rules, clock);

  const progress = createProgress('scan', options.progress);
  const result = await scanInputs(compiled, paths, { onProgress: (done, total) => progress.update(done, total) });
  progress.stop();

  const toStdout = options.output === undefined;
  const format: OutputFormat = options.format ?? (toStdout && process.stdout.isTTY ? 'table' : 'jsonl');
  const records = alertRecords(result.alerts);
  const width = process.stdout.columns ?? 200;
  const text = format === 'table' && records.rows.length === 0 ? 'No alerts.\n' : renderRecords(records, format, width, tableColumns);
  if (toStdout) await writeStdout(text);
  else writeFileSync(options.output!, text);

  if (options.summary) {
    process.stderr.write(
      renderScanSummary({
        diagnostics: result.diagnostics,
        alerts: result.alerts,
        rules: compiled.map(({ rule, query }) => ({ id: rule.id, title: rule.title, ignoredLookback: query.ignoredLookback })),
        now: options.now === undefined ? undefined : formatDatetime(options.now),
      }),
    );
  }
  const fileErrors = (result.diagnostics as { fileErrors?: unknown[] }).fileErrors ?? [];
  if (fileErrors.length > 0) return exitCodes.error;
  if (options.failOnAlert && result.alerts.length > 0) return exitCodes.alerts;
  return exitCodes.ok;
}

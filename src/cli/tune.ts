import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { compileRules } from '../detect/compileRules.js';
import { loadRules } from '../rules/load.js';
import { runDetection } from '../tuning/detection.js';
import { checkExceptionColumns } from '../tuning/exceptionColumns.js';
import { loadExceptions } from '../tuning/exceptions.js';
import { proposeExceptions } from '../tuning/propose.js';
import { renderProposals, renderUnproposed } from '../tuning/render.js';
import { reviewAlerts } from '../tuning/review.js';
import { collect } from './options.js';
import { bundledRules, checkInputPaths } from './paths.js';
import { createProgress } from './progress.js';
import { defaultExceptionsFile } from './scan.js';
import { writeStdout } from './stdout.js';

interface TuneOptions {
  rule?: string[];
  exceptions?: string | false;
  minAlerts: number;
  top: number;
  expiresDays: number;
  output?: string;
  progress: boolean;
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`invalid number '${value}': give a whole number of at least 1`);
  return parsed;
}

export function registerTune(program: Command): void {
  program
    .command('tune')
    .description('Run the rules, group the alerts by what explains them, and propose an exception entry for each noisy group')
    .argument('<paths...>', "files or folders to read (folders recursively), or '-' for standard input")
    .option('-r, --rule <file>', 'rule file or folder; repeatable (default: the bundled rules/)', collect)
    .option('--exceptions <file>', `exceptions already in force; their alerts are left out (default: ./${defaultExceptionsFile} when it exists)`)
    .option('--no-exceptions', `do not read ./${defaultExceptionsFile}`)
    .option('--min-alerts <n>', 'propose an entry only for groups of at least this many alerts', positiveInteger, 2)
    .option('--top <n>', 'propose at most this many entries, noisiest first', positiveInteger, 20)
    .option('--expires-days <n>', 'set expires on each proposed entry this many days from today', positiveInteger, 90)
    .option('-o, --output <file>', 'write the proposed entries to this file instead of standard output')
    .option('--no-progress', 'do not show a progress bar on stderr')
    .action(async (paths: string[], options: TuneOptions) => {
      process.exitCode = await runTune(paths, options);
    });
}

async function runTune(paths: string[], options: TuneOptions): Promise<number> {
  await checkInputPaths(paths);
  const rules = loadRules(options.rule ?? [bundledRules]);
  if (rules.length === 0) throw new Error(`no rules found in ${(options.rule ?? [bundledRules]).join(', ')}: give --rule FILE`);
  const now = Date.now();
  const compiled = compileRules(rules, { now, lookback: 'ignore' });
  const exceptionsFile = options.exceptions === false ? undefined : options.exceptions ?? (existsSync(defaultExceptionsFile) ? defaultExceptionsFile : undefined);
  const exceptions = exceptionsFile === undefined ? undefined : loadExceptions(exceptionsFile);
  if (exceptions) checkExceptionColumns(exceptions, compiled);

  const progress = createProgress('tune', options.progress);
  const detection = await runDetection(compiled, paths, { onProgress: (done, total) => progress.update(done, total) });
  progress.stop();
  const review = reviewAlerts(detection.alerts, { evidence: detection.evidence, exceptions, now });

  const expires = new Date(now + options.expiresDays * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const { proposals, groups } = proposeExceptions(review.alerts, { minAlerts: options.minAlerts, limit: options.top, expires });
  const text = renderProposals(proposals);
  if (options.output === undefined) await writeStdout(text);
  else writeFileSync(options.output, text);

  const proposedAlerts = proposals.reduce((sum, proposal) => sum + proposal.group.alerts.length, 0);
  const lines = [
    `Alerts: ${review.alerts.length} after merging ${review.duplicatesMerged} duplicate${review.duplicatesMerged === 1 ? '' : 's'}${review.exceptions ? ` and suppressing ${review.suppressed.length} by ${exceptionsFile}` : ''}, in ${groups.length} groups.`,
    `Proposed ${proposals.length} entr${proposals.length === 1 ? 'y' : 'ies'} covering ${proposedAlerts} alert${proposedAlerts === 1 ? '' : 's'}.`,
    ...renderUnproposed(groups, new Set(proposals.map((proposal) => proposal.group)), options.minAlerts),
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
  return 0;
}

import type { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { readInputs } from '../sources/read.js';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { StateStore } from '../state/store.js';
import { planLearning } from '../state/learnPlan.js';
import { deviceGroup, launchOf } from '../tuning/patterns.js';
import { originKeys } from '../schema/normalize/origin.js';
import { checkInputPaths } from './paths.js';
import { createProgress } from './progress.js';

/** Database file that baseline learn writes and scan --baseline reads when no file is named. */
export const defaultBaselineFile = 'lurewatch-baseline.db';

interface LearnOptions {
  baseline: string;
  progress: boolean;
}

export function registerBaseline(program: Command): void {
  const baseline = program.command('baseline').description('Learn which launches are routine, per device group, into a SQLite baseline');
  baseline
    .command('learn')
    .description('Record every (parent, file, folder pattern) launch of the inputs as routine for its device and device group')
    .argument('<paths...>', 'telemetry from a period you trust, files or folders')
    .option('-b, --baseline <file>', 'baseline database to create or extend', defaultBaselineFile)
    .option('--no-progress', 'do not show a progress bar on stderr')
    .action(async (paths: string[], options: LearnOptions) => {
      process.exitCode = await learn(paths, options);
    });
}

/**
 * Learns the launches of `paths` into the baseline in one transaction, which commits only when
 * every file was read without a file error. Files whose content the baseline already contains are
 * skipped with a message, so learning the same input twice counts it once.
 */
async function learn(paths: string[], options: LearnOptions): Promise<number> {
  await checkInputPaths(paths);
  const created = !existsSync(options.baseline);
  const store = new StateStore(options.baseline);
  let committed = false;
  try {
    committed = await learnInto(store, paths, options);
  } finally {
    store.close();
    // A file this run created but did not commit to is an empty baseline, which a later scan would accept.
    if (!committed && created) for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.baseline}${suffix}`, { force: true });
  }
  return committed ? 0 : 2;
}

async function learnInto(store: StateStore, paths: string[], options: LearnOptions): Promise<boolean> {
  const plan = await planLearning(paths, store);
  for (const message of plan.messages) process.stderr.write(`${message}\n`);
  if (paths.includes('-')) process.stderr.write('Standard input is learned but not recorded, so learning the same data again counts it again.\n');

  const diagnostics = new ReadDiagnostics();
  const progress = createProgress('learn', options.progress);
  const eventsByFile = new Map<string, number>();
  let events = 0;
  const committed = await store.atomically(async () => {
    try {
      const read = { onProgress: (done: number, total: number) => progress.update(done, total), tables: new Set(['DeviceProcessEvents']) };
            for await (const batch of readInputs(plan.readPaths, diagnostics, read)) {
        const items = [];
        for (const { table, row } of batch) {
          if (table !== 'DeviceProcessEvents') continue;
          const file = sourceFile(row);
          if (file !== undefined && plan.skippedFiles.has(file)) continue;
          if (file !== undefined) eventsByFile.set(file, (eventsByFile.get(file) ?? 0) + 1);
          const device = typeof row.DeviceName === 'string' ? row.DeviceName : '';
          items.push({ device, group: deviceGroup(device), launch: launchOf(row), time: typeof row.Timestamp === 'number' ? row.Timestamp : null });
        }
        events += items.length;
        store.learnLaunches(items);
      }
    } finally {
      progress.stop();
    }
    if (diagnostics.fileErrors.length > 0) return false;
    const now = new Date();
    // Only files that gave process events are recorded: re-reading any other file adds nothing.
    for (const [file, count] of eventsByFile) {
      const identity = plan.digests.get(file);
      if (identity !== undefined) store.recordLearnedInput({ ...identity, file, events: count }, now);
    }
    return true;
  });

  for (const issue of diagnostics.fileErrors) process.stderr.write(`error: ${issue.location.file}: ${issue.reason}\n`);
  if (!committed) {
    process.stderr.write(`Nothing was learned into ${options.baseline}: fix or leave out the files above and run again.\n`);
    return false;
  }
  const totals = store.launchTotals();
  process.stderr.write(
    `Learned ${events.toLocaleString('en-US')} process events into ${options.baseline}: ${totals.launches.toLocaleString('en-US')} distinct launches on ${totals.devices} devices in ${totals.groups} device groups.\n`,
  );
  if (diagnostics.skippedTotal > 0) process.stderr.write(`Records skipped: ${diagnostics.skippedTotal.toLocaleString('en-US')} (run 'lurewatch scan' on the same inputs for the reasons).\n`);
  return true;
}

/** Returns the input file name that the reader stored in AdditionalFields.LurewatchFile. */
function sourceFile(row: Record<string, unknown>): string | undefined {
  const fields = row.AdditionalFields;
  if (typeof fields !== 'object' || fields === null) return undefined;
  const file = (fields as Record<string, unknown>)[originKeys.file];
  return typeof file === 'string' ? file : undefined;
}

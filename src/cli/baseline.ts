import type { Command } from 'commander';
import { readInputs } from '../sources/read.js';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { StateStore } from '../state/store.js';
import { deviceGroup, launchOf } from '../tuning/patterns.js';
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

async function learn(paths: string[], options: LearnOptions): Promise<number> {
  await checkInputPaths(paths);
  const store = new StateStore(options.baseline);
  const diagnostics = new ReadDiagnostics();
  const progress = createProgress('learn', options.progress);
  let events = 0;
  try {
    const read = { onProgress: (done: number, total: number) => progress.update(done, total), tables: new Set(['DeviceProcessEvents']) };
    for await (const batch of readInputs(paths, diagnostics, read)) {
      const items = [];
      for (const { table, row } of batch) {
        if (table !== 'DeviceProcessEvents') continue;
        const device = typeof row.DeviceName === 'string' ? row.DeviceName : '';
        items.push({ device, group: deviceGroup(device), launch: launchOf(row), time: typeof row.Timestamp === 'number' ? row.Timestamp : null });
      }
      events += items.length;
      store.learnLaunches(items);
    }
  } finally {
    progress.stop();
  }
  const totals = store.launchTotals();
  store.close();
  process.stderr.write(
    `Learned ${events.toLocaleString('en-US')} process events into ${options.baseline}: ${totals.launches.toLocaleString('en-US')} distinct launches on ${totals.devices} devices in ${totals.groups} device groups.\n`,
  );
  if (diagnostics.skippedTotal > 0) process.stderr.write(`Records skipped: ${diagnostics.skippedTotal.toLocaleString('en-US')} (run 'lurewatch scan' on the same inputs for the reasons).\n`);
  const fileErrors = (diagnostics as { fileErrors?: Array<{ location: { file: string }; reason: string }> }).fileErrors ?? [];
  for (const issue of fileErrors) process.stderr.write(`error: ${issue.location.file}: ${issue.reason}\n`);
  return fileErrors.length > 0 ? 2 : 0;
}

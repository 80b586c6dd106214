import { join } from 'node:path';
import { bareReadLoop } from './readLoop.js';
import { compileRules } from '../detect/compileRules.js';
import { scanInputs } from '../detect/scan.js';
import { loadRules } from '../rules/load.js';
import { bundledRules } from '../cli/paths.js';
import type { Measurement } from './measure.js';

/** Bench tasks that run in a child process; each prints one JSON Measurement line. */
const tasks: Record<string, (file: string, extra: string[]) => Promise<number>> = {
  async 'bare read + JSON.parse'(file) {
    return (await bareReadLoop(file)).rows;
  },
  async 'scan (reference rule)'(file) {
    const rules = compileRules(loadRules([join(bundledRules, 't1204-user-execution.yaml')]), { now: Date.now(), lookback: 'ignore' });
    const result = await scanInputs(rules, [file]);
    return result.diagnostics.eventsRead;
  },
};

export const taskNames = Object.keys(tasks);

const [task, file, ...extra] = process.argv.slice(2);
if (task && file) {
  const run = tasks[task];
  if (!run) {
    process.stderr.write(`unknown bench task '${task}': use one of ${taskNames.join(', ')}\n`);
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const rows = await run(file, extra);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const measurement: Measurement = { task, rows, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

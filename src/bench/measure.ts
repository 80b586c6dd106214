import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One measured run: how many rows, how long, and the child's peak resident memory. */
export interface Measurement {
  task: string;
  rows: number;
  seconds: number;
  /** User plus system CPU time of the child: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakMB: number;
}

const childScript = fileURLToPath(new URL('./child.js', import.meta.url));

/**
 * Runs one bench task in a fresh Node process, so each figure has its own heap and peak memory
 * and earlier tasks do not warm or pollute later ones.
 */
export function measureInChild(task: string, file: string, extra: string[] = []): Measurement {
  const result = spawnSync(process.execPath, [childScript, task, file, ...extra], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`bench task '${task}' failed (exit ${result.status}): ${result.stderr.trim()}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Measurement;
}

export function formatRate(measurement: Measurement): string {
  const rate = measurement.rows / measurement.seconds;
  return `${measurement.task.padEnd(34)} ${measurement.rows.toLocaleString('en-US').padStart(11)} rows  ${measurement.seconds.toFixed(2).padStart(7)} s (cpu ${measurement.cpuSeconds.toFixed(2)} s)  ${Math.round(rate).toLocaleString('en-US').padStart(10)} rows/s  peak ${measurement.peakMB.toFixed(0).padStart(5)} MB`;
}

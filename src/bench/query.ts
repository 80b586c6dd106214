import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileQuery, InputRegistry } from '../kql/index.js';
import { tableSchemas } from '../schema/tables.js';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readInputs } from '../sources/read.js';
import { formatRate, type Measurement } from './measure.js';

/** The bench query: counts per parent and child image, the usual first look at process telemetry. */
export const benchQueryText = 'DeviceProcessEvents | summarize n = count(), Devices = dcount(DeviceName), Last = max(Timestamp) by InitiatingProcessFileName, FileName | top 10 by n';

const task = 'query (summarize ... by)';

/** Reads `file` through the sources and runs the bench query over it; returns the rows read and the result size. */
async function runBenchQuery(file: string): Promise<{ rows: number; resultRows: number }> {
  const query = compileQuery(benchQueryText, { tables: tableSchemas, now: Date.now(), lookback: 'ignore' });
  const inputs = new InputRegistry();
  let resultRows = 0;
  query.connect({ push: () => resultRows++, end: () => {} }, inputs);
  const diagnostics = new ReadDiagnostics();
  for await (const batch of readInputs([file], diagnostics)) {
    for (let i = 0; i < batch.length; i++) inputs.push(batch[i]!.table, batch[i]!.row);
  }
  inputs.end();
  return { rows: diagnostics.eventsRead, resultRows };
}

/**
 * Measures the bench query over `file` in a fresh Node process (its own heap, so the peak memory
 * is the query's) and prints its rate; with `bareRowsPerSecond` from the same run, also prints
 * the share of the bare read loop's rate (target at least 50%). Returns the measurement.
 */
export function benchQuery(file: string, bareRowsPerSecond?: number): Measurement {
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [script, '--child', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`bench task '${task}' failed (exit ${result.status}): ${result.stderr.trim()}`);
  const lines = result.stdout.trim().split('\n');
  const measurement = JSON.parse(lines[lines.length - 1]!) as Measurement;
  console.log(formatRate(measurement));
  if (bareRowsPerSecond !== undefined && bareRowsPerSecond > 0) {
    const share = measurement.rows / measurement.seconds / bareRowsPerSecond;
    console.log(`query / bare loop: ${(share * 100).toFixed(0)}% of the bare rate (target >= 50%); query peak ${measurement.peakMB.toFixed(0)} MB`);
  }
  return measurement;
}

if (process.argv[2] === '--child' && process.argv[3] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const { rows } = await runBenchQuery(process.argv[3]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const measurement: Measurement = { task, rows, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

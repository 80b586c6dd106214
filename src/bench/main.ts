import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../cli/paths.js';
import { writeBenchRows } from '../samples/generate.js';
import { formatRate, measureInChild } from './measure.js';
import { benchEvtx } from './evtx.js';
import { benchQuery } from './query.js';

/**
 * `npm run bench`: builds the bench inputs under bench-data/ (gitignored) when missing, then
 * measures each task in its own process and prints rates side by side with their baselines.
 */
const benchData = join(packageRoot, 'bench-data');
const rowCount = Number(process.env.LUREWATCH_BENCH_ROWS ?? 1_000_000);
mkdirSync(benchData, { recursive: true });

const defenderFile = join(benchData, `defender-${rowCount}.jsonl`);
if (!existsSync(defenderFile)) {
  process.stderr.write(`writing ${rowCount.toLocaleString('en-US')} Defender rows to ${defenderFile} ...\n`);
  await writeBenchRows(defenderFile, rowCount);
}
const sizeMB = statSync(defenderFile).size / 1e6;
console.log(`\nDefender JSON lines: ${defenderFile} (${sizeMB.toFixed(0)} MB), Node ${process.version}, one process per task`);

const bare = measureInChild('bare read + JSON.parse', defenderFile);
const scan = measureInChild('scan (reference rule)', defenderFile);
console.log(formatRate(bare));
console.log(formatRate(scan));
const ratio = scan.rows / scan.seconds / (bare.rows / bare.seconds);
const cpuRatio = bare.cpuSeconds / bare.rows / (scan.cpuSeconds / scan.rows);
console.log(`scan / bare loop: ${(ratio * 100).toFixed(0)}% of the bare rate by wall time, ${(cpuRatio * 100).toFixed(0)}% by CPU time (target >= 70%); scan peak ${scan.peakMB.toFixed(0)} MB (target < 300 MB)`);
benchQuery(defenderFile, bare.rows / bare.seconds);

await benchEvtx();

import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readEvtxRecords } from '../sources/evtx/index.js';
import { chunkSize, hasChunkSignature } from '../sources/evtx/chunkHeader.js';
import { crc32 } from '../sources/evtx/crc32.js';
import { fileHeaderSize } from '../sources/evtx/fileHeader.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const datasets = join(root, '..', 'shared', 'datasets');
const benchData = join(root, 'bench-data');
const cli = join(root, 'dist', 'cli', 'main.js');
const referenceRule = join(root, 'rules', 't1204-user-execution.kql');
/** python-evtx reads about 400 records/s; a run this long gives a stable rate without waiting for a whole large file. */
const pythonSeconds = 60;

interface Run {
  tool: string;
  seconds: number;
  /** User plus system CPU time of the whole process tree. */
  cpuSeconds: number;
  peakMB: number;
  records: number;
  complete: boolean;
}

function listEvtx(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...listEvtx(path));
    else if (entry.name.endsWith('.evtx')) found.push(path);
  }
  return found;
}

/**
 * Runs a command under /usr/bin/time (wall and CPU seconds, peak RSS) and counts the records it
 * read: `<Event ` elements for XML output, lines for JSON lines, and for `scan` the event count in
 * its summary on stderr. Counting what each tool reports keeps a tool that stops early
 * from getting credit for the file.
 */
function timed(tool: string, command: string[], output: 'xml' | 'lines' | 'summary', timeoutSeconds?: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    // coreutils `timeout` ends a long run; it exits with 124 then, which /usr/bin/time passes on.
    const limited = timeoutSeconds === undefined ? command : ['timeout', '-s', 'INT', String(timeoutSeconds), ...command];
    const child = spawn('/usr/bin/time', ['-f', '@@TIME %e %M %U %S', ...limited], { stdio: ['ignore', 'pipe', 'pipe'] });
    let events = 0;
    let carry = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      const joined = carry + text;
      if (output === 'xml') {
        events += joined.split('<Event ').length - 1;
        carry = joined.slice(-8);
      } else if (output === 'lines') {
        events += text.split('\n').length - 1;
      }
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => (stderr += text));
    const started = Date.now();
    child.on('error', reject);
    child.on('close', (code) => {
      const timedOut = timeoutSeconds !== undefined && code === 124;
      const match = /@@TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
      const seconds = match ? Number(match[1]) : (Date.now() - started) / 1000;
      const summary = /Read \d+ files?: ([\d,]+) events/.exec(stderr);
      resolve({
        tool,
        seconds,
        cpuSeconds: match ? Number(match[3]) + Number(match[4]) : NaN,
        peakMB: match ? Number(match[2]) / 1024 : NaN,
        records: output === 'summary' ? Number(summary?.[1]?.replaceAll(',', '') ?? 0) : events,
        complete: !timedOut,
      });
    });
  });
}

/** Builds a file of at least `minBytes` from the real chunks of `sources`, with a consistent header. */
function buildConcatenated(path: string, sources: string[], minBytes: number): void {
  const chunks: Buffer[] = [];
  for (const source of sources) {
    const bytes = readFileSync(source);
    for (let offset = fileHeaderSize; offset + chunkSize <= bytes.length; offset += chunkSize) {
      if (hasChunkSignature(bytes, offset)) chunks.push(bytes.subarray(offset, offset + chunkSize));
    }
  }
  const count = Math.ceil((minBytes - fileHeaderSize) / chunkSize);
  const header = Buffer.alloc(fileHeaderSize);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(0n, 8);
  header.writeBigUInt64LE(BigInt(count - 1), 16);
  header.writeBigUInt64LE(1n, 24);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(1, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(fileHeaderSize, 40);
  header.writeUInt16LE(count, 42);
  header.writeUInt32LE(crc32(header, 0, 120), 124);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    for (let i = 0; i < count; i++) writeSync(fd, chunks[i % chunks.length]!);
  } finally {
    closeSync(fd);
  }
}

async function countRecords(path: string): Promise<number> {
  let count = 0;
  for await (const records of readEvtxRecords(path, new ReadDiagnostics())) count += records.length;
  return count;
}

function line(run: Run, bytes: number, records: number): string {
  const rate = run.records / run.seconds;
  // A tool that stopped early gets MB/s for the share of records it printed.
  const megabytes = (bytes / 1e6) * Math.min(1, run.records / records);
  const note = run.complete ? '' : `  (stopped after ${run.seconds.toFixed(0)} s)`;
  return `  ${run.tool.padEnd(34)} ${run.records.toLocaleString('en-US').padStart(9)} rec  ${run.seconds.toFixed(2).padStart(6)} s  ${run.cpuSeconds.toFixed(2).padStart(6)} s CPU  ${Math.round(rate).toLocaleString('en-US').padStart(8)} rec/s  ${(megabytes / run.seconds).toFixed(1).padStart(6)} MB/s  peak ${run.peakMB.toFixed(0).padStart(4)} MB${note}`;
}

/** `lurewatch scan` of one file on `threads` parsing threads, with the bundled rules or the reference rule alone. */
function scan(file: string, threads: number, rules: 'bundled' | 'reference'): Promise<Run> {
  const ruleOptions = rules === 'reference' ? ['--rule', referenceRule] : [];
  const label = `scan, ${rules} rule${rules === 'bundled' ? 's' : ''}, ${threads} thread${threads === 1 ? '' : 's'}`;
  const command = [process.execPath, cli, 'scan', ...ruleOptions, '--threads', String(threads), '--no-progress', '--no-exceptions', '-f', 'jsonl', file];
  return timed(label, command, 'summary');
}

const rateOf = (run: Run): number => run.records / run.seconds;

/**
 * Prints the two-thread speed-up of each rule set and its ceiling. A run on `cores` cores uses at
 * most `cores` seconds of CPU per second. So a run that needs as much CPU as the one-thread run
 * is at most cores × wall / CPU (of the one-thread run) times as fast.
 */
function speedUps(runs: Run[]): void {
  const cores = Math.min(2, availableParallelism());
  for (const rules of ['bundled rules', 'reference rule']) {
    const single = runs.find((run) => run.tool === `scan, ${rules}, 1 thread`)!;
    const double = runs.find((run) => run.tool === `scan, ${rules}, 2 threads`)!;
    const ceiling = (cores * single.seconds) / single.cpuSeconds;
    console.log(
      `  ${rules}: 2 threads / 1 thread ${(rateOf(double) / rateOf(single)).toFixed(2)}x (target >= 1.6 on 2 cores;` +
        ` ceiling on ${cores} cores ${ceiling.toFixed(2)}x, as 1 thread already uses ${(single.cpuSeconds / single.seconds).toFixed(2)} cores)`,
    );
  }
}

/**
 * Measures EVTX reading in one run. The readers are `lurewatch dump --format jsonl`, `lurewatch
 * scan` (bundled rules and the reference rule alone, on one and two threads), libevtx's
 * `evtxexport -f xml` and python-evtx's `evtx_dump.py`. They read the largest corpus files and a
 * ≥64 MB file of real chunks under bench-data/. The scans also read a 512 MiB file of the same
 * chunks, where the worker's start weighs less. Prints records/s, MB/s, CPU time, peak memory
 * and the target ratios.
 */
export async function benchEvtx(): Promise<void> {
  if (!existsSync(datasets)) {
    console.log(`EVTX bench skipped: shared datasets not found at ${datasets}`);
    return;
  }
  mkdirSync(benchData, { recursive: true });
  const corpus = listEvtx(datasets).sort((a, b) => statSync(b).size - statSync(a).size);
  // Chunks from a Security log and a Sysmon log that all four readers parse to the end.
  const chunkSources = corpus.filter((path) => /evtx[\\/]samples[\\/]security\.evtx$|logs[\\/]Microsoft-Windows-Sysmon%4Operational\.evtx$/.test(path));
  const concatenated = join(benchData, 'evtx-concat-64mb.evtx');
  if (!existsSync(concatenated)) buildConcatenated(concatenated, chunkSources, 64 * 1024 * 1024 + fileHeaderSize);
  const large = join(benchData, 'evtx-concat-512mb.evtx');
  if (!existsSync(large)) buildConcatenated(large, chunkSources, 512 * 1024 * 1024 + fileHeaderSize);

  for (const file of [...corpus.slice(0, 2), concatenated]) {
    const bytes = statSync(file).size;
    const records = await countRecords(file);
    console.log(`\nEVTX ${file.replace(root, '').replace(datasets, 'datasets')} (${(bytes / 1e6).toFixed(1)} MB, ${records} records)`);
    const runs = [
      await timed('lurewatch dump --format jsonl', [process.execPath, cli, 'dump', '--format', 'jsonl', file], 'lines'),
      await scan(file, 1, 'bundled'),
      await scan(file, 2, 'bundled'),
      await scan(file, 1, 'reference'),
      await scan(file, 2, 'reference'),
      await timed('evtxexport -f xml', ['evtxexport', '-f', 'xml', file], 'xml'),
      await timed('evtx_dump.py (python-evtx)', ['evtx_dump.py', file], 'xml', pythonSeconds),
    ];
    for (const run of runs) console.log(line(run, bytes, records));
    const rate = (tool: string) => rateOf(runs.find((candidate) => candidate.tool === tool)!);
    const single = rate('scan, bundled rules, 1 thread');
    console.log(
      `  scan (bundled rules, 1 thread) / evtxexport: ${(single / rate('evtxexport -f xml')).toFixed(2)}x (target >= 3)` +
        `   / python-evtx: ${(single / rate('evtx_dump.py (python-evtx)')).toFixed(0)}x`,
    );
    speedUps(runs);
  }

  const bytes = statSync(large).size;
  const records = await countRecords(large);
  console.log(`\nEVTX ${large.replace(root, '')} (${(bytes / 1e6).toFixed(1)} MB, ${records} records), scans only`);
  const runs = [await scan(large, 1, 'bundled'), await scan(large, 2, 'bundled'), await scan(large, 1, 'reference'), await scan(large, 2, 'reference')];
  for (const run of runs) console.log(line(run, bytes, records));
  speedUps(runs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchEvtx();

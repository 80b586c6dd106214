import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReadDiagnostics } from '../diagnostics.js';
import { readEvtxRecords, renderRecordXml } from './index.js';
import { parseEvents, type TestXmlElement } from './testing/xml.js';
import { compareElements, recordIdOf } from './testing/compare.js';

const datasets = fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));

function listEvtx(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...listEvtx(path));
    else if (entry.name.toLowerCase().endsWith('.evtx')) found.push(path);
  }
  return found.sort();
}

interface PythonResult {
  events: TestXmlElement[];
  /** False when evtx_dump.py exited with an error part way through the file. */
  complete: boolean;
  error: string;
}

function runPythonEvtx(path: string): Promise<PythonResult> {
  return new Promise((resolve) => {
    execFile('evtx_dump.py', [path], { maxBuffer: 1 << 30, timeout: 15 * 60 * 1000 }, (error, stdout, stderr) => {
      const lines = stderr.trim().split('\n');
      resolve({ events: parseEvents(stdout), complete: error === null, error: lines[lines.length - 1] ?? '' });
    });
  });
}

async function mapPool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(runners);
  return results;
}

async function readOurs(path: string): Promise<TestXmlElement[]> {
  const xml: string[] = [];
  for await (const records of readEvtxRecords(path, new ReadDiagnostics())) for (const record of records) xml.push(renderRecordXml(record));
  return parseEvents(xml.join(''));
}

const pythonEvtx = spawnSync('evtx_dump.py', ['--help'], { encoding: 'utf8' });
const skipReason = !existsSync(datasets)
  ? `shared datasets not found at ${datasets}; differential test skipped`
  : pythonEvtx.status !== 0
    ? 'evtx_dump.py (Debian python3-evtx) not installed; differential test skipped'
    : undefined;

test('python-evtx differential over the corpus', { skip: skipReason }, async (t) => {
  const files = listEvtx(datasets);
  const started = Date.now();
  const python = await mapPool(files, Math.max(1, availableParallelism()), runPythonEvtx);
  t.diagnostic(`python-evtx read ${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  let compared = 0;
  let pythonFailures = 0;
  const failures: string[] = [];
  for (const [index, path] of files.entries()) {
    const name = relative(datasets, path);
    const theirs = python[index]!;
    // python-evtx stops at the first record it cannot parse; the records it printed are compared.
    if (!theirs.complete) pythonFailures++;
    const ours = await readOurs(path);
    const diffs: string[] = [];
    let cursor = 0;
    for (const event of theirs.events) {
      const id = recordIdOf(event);
      let match = cursor;
      while (match < ours.length && recordIdOf(ours[match]!) !== id) match++;
      if (match === ours.length) {
        diffs.push(`record ${id}: read by python-evtx, missing in lurewatch`);
        continue;
      }
      compareElements(ours[match]!, event, `record ${id}`, diffs);
      cursor = match + 1;
      compared++;
    }
    if (ours.length < theirs.events.length) {
      failures.push(`${name}: lurewatch read ${ours.length} records, python-evtx ${theirs.events.length}`);
    }
    if (diffs.length > 0) failures.push(`${name}: ${diffs.length} differences, first: ${diffs.slice(0, 3).join(' | ')}`);
  }
  t.diagnostic(`${compared} records compared field by field; python-evtx failed part way on ${pythonFailures} files`);
  assert.deepEqual(failures, []);
  assert.ok(compared > 0, 'no record was compared');
});

/**
 * Records recovered from the unusual and damaged files of the corpus. `floor` is the most any of
 * Rust evtx_dump (0.8 era), libevtx evtxexport 20181227 and python-evtx 0.6.1 recovered (where all
 * three read the whole file, their common count); `expected` is lurewatch's count, pinned.
 */
const recoveredCounts: { file: string; floor: number; expected: number; skipped: number }[] = [
  { file: 'evtx/samples/sample-with-zero-data-size-event.evtx', floor: 335, expected: 449, skipped: 1 },
  { file: 'evtx/samples/sample_with_a_bad_chunk_magic.evtx', floor: 270, expected: 301, skipped: 7 },
  { file: 'evtx/samples/Application_no_crc32.evtx', floor: 17, expected: 17, skipped: 0 },
  { file: 'evtx/samples/security_bad_string_cache.evtx', floor: 2261, expected: 2261, skipped: 0 },
  { file: 'evtx/samples/Security_with_size_t.evtx', floor: 636, expected: 636, skipped: 0 },
  { file: 'evtx/samples/sample-with-irregular-bool-values.evtx', floor: 3028, expected: 3028, skipped: 0 },
  { file: 'evtx/samples/MSExchange_Management_wec.evtx', floor: 1, expected: 1, skipped: 0 },
  { file: 'evtx/samples/issue_201.evtx', floor: 1, expected: 1, skipped: 0 },
  { file: 'evtx/samples/E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', floor: 459, expected: 459, skipped: 0 },
  { file: 'evtx/samples/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', floor: 340, expected: 340, skipped: 0 },
  { file: 'evtx/samples/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx', floor: 1951, expected: 1951, skipped: 26 },
  { file: 'evtx/samples/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx', floor: 1795, expected: 1795, skipped: 1 },
  { file: 'evtx/samples/2-vss_7-System.evtx', floor: 1160, expected: 1160, skipped: 2 },
  { file: 'evtx/samples/Microsoft-Windows-HelloForBusiness%4Operational.evtx', floor: 6, expected: 6, skipped: 0 },
  { file: 'evtx/samples/Microsoft-Windows-LanguagePackSetup%4Operational.evtx', floor: 17, expected: 17, skipped: 0 },
];

test('recovered counts on damaged files', { skip: existsSync(datasets) ? undefined : `shared datasets not found at ${datasets}; test skipped` }, async () => {
  for (const { file, floor, expected, skipped } of recoveredCounts) {
    const diag = new ReadDiagnostics();
    let count = 0;
    for await (const records of readEvtxRecords(join(datasets, file), diag)) count += records.length;
    assert.ok(count >= floor, `${file}: ${count} records, below the ${floor} another parser recovered`);
    assert.equal(count, expected, `${file}: record count`);
    assert.equal(diag.skippedTotal, skipped, `${file}: skipped records and chunks`);
  }
});

test('hayabusa samples read without skips', { skip: existsSync(datasets) ? undefined : `shared datasets not found at ${datasets}; test skipped` }, async () => {
  const files = listEvtx(join(datasets, 'hayabusa-sample-evtx', 'EVTX-to-MITRE-Attack'));
  assert.ok(files.length > 0, 'no hayabusa sample found');
  for (const path of files) {
    const diag = new ReadDiagnostics();
    let count = 0;
    for await (const records of readEvtxRecords(path, diag)) count += records.length;
    assert.ok(count > 0, `${relative(datasets, path)}: no record read`);
    assert.equal(diag.skippedTotal, 0, `${relative(datasets, path)}: ${JSON.stringify(diag.skippedSamples.slice(0, 2))}`);
  }
});

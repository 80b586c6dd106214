import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readInputs } from './read.js';
import { ReadDiagnostics } from './diagnostics.js';
import type { Row } from '../schema/types.js';

// Public telemetry shared beside the project checkout; these tests skip when it is absent.
const datasets = resolve(process.cwd(), '..', 'shared', 'datasets');
const securityDatasets = join(datasets, 'Security-Datasets');
const defenderCsv = join(datasets, 'defender_hunting', 'tests', 'data', 'advanced_hunting_test.csv');

function skipMessage(path: string): string | false {
  if (existsSync(path)) return false;
  const message = `public datasets not found at ${path}; test skipped`;
  process.stderr.write(`${message}\n`);
  return message;
}

function filesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path));
    else found.push(path);
  }
  return found;
}

/**
 * Counts Sysmon 1 and Security 4688 events per file by matching raw text, independently of the
 * readers: every line of these NXLog JSON files is one event.
 */
function countByText(path: string): { sysmon: number; security: number } {
  let sysmon = 0;
  let security = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (/"EventID":\s*1[,}]/.test(line) && line.includes('"SourceName":"Microsoft-Windows-Sysmon"')) sysmon++;
    if (/"EventID":\s*4688[,}]/.test(line) && line.includes('"SourceName":"Microsoft-Windows-Security-Auditing"')) security++;
  }
  return { sysmon, security };
}

/** Reads the inputs and returns the DeviceProcessEvents rows; rows of other tables are only counted in `diag`. */
async function readAll(paths: string[]): Promise<{ rows: Row[]; diag: ReadDiagnostics }> {
  const diag = new ReadDiagnostics();
  const rows: Row[] = [];
  for await (const batch of readInputs(paths, diag)) {
    for (const item of batch) if (item.table === 'DeviceProcessEvents') rows.push(item.row);
  }
  return { rows, diag };
}

test('Security-Datasets process events per file', { skip: skipMessage(securityDatasets) }, async () => {
  const { rows, diag } = await readAll([securityDatasets]);
  assert.equal(diag.skippedTotal, 0);
  assert.equal(diag.fileErrors.length, 0);

  const bySource = new Map<string, number>();
  for (const row of rows) {
    const fields = row.AdditionalFields as Record<string, unknown>;
    const key = `${String(fields.LurewatchFile)}|${String(fields.LurewatchSource)}`;
    bySource.set(key, (bySource.get(key) ?? 0) + 1);
  }
  let total = 0;
  for (const file of filesUnder(securityDatasets)) {
    const expected = countByText(file);
    assert.equal(bySource.get(`${file}|sysmon-1`) ?? 0, expected.sysmon, `Sysmon 1 events in ${file}`);
    assert.equal(bySource.get(`${file}|security-4688`) ?? 0, expected.security, `4688 events in ${file}`);
    total += expected.sysmon + expected.security;
  }
  assert.equal(rows.length, total);
  assert.equal(total, 1148);
});

test('Security-Datasets rows are well formed', { skip: skipMessage(securityDatasets) }, async () => {
  const { rows } = await readAll([securityDatasets]);
  let withoutProcessId = 0;
  for (const row of rows) {
    assert.equal(typeof row.Timestamp, 'number');
    assert.equal(typeof row.FolderPath, 'string');
    assert.ok((row.FolderPath as string).endsWith(row.FileName as string), `${row.FolderPath} ends with ${row.FileName}`);
    if (row.ProcessId === null) withoutProcessId++;
    else assert.equal(typeof row.ProcessId, 'number');
  }
  // One Sysmon event was logged by NXLog with ERROR_EVT_UNRESOLVED and lacks ProcessId and Image.
  assert.equal(withoutProcessId, 1);
  const vbs = rows.find((row) => (row.ProcessCommandLine as string).includes('launcher.vbs')
    && (row.AdditionalFields as Record<string, unknown>).LurewatchSource === 'security-4688');
  assert.ok(vbs, 'the 4688 copy of the launcher.vbs start');
  assert.equal(vbs.FileName, 'wscript.exe');
  assert.equal(vbs.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(vbs.ProcessId, 0x988);
  assert.equal(vbs.InitiatingProcessId, 0x1660);
  assert.equal(vbs.AccountName, 'pgustavo');
  assert.equal(vbs.ProcessTokenElevation, 'TokenElevationTypeLimited');
  assert.equal(vbs.ProcessIntegrityLevel, 'Medium');
});

test('Microsoft 365 Defender events are other tables', { skip: skipMessage(securityDatasets) }, async () => {
  const file = join(securityDatasets, 'datasets', 'compound', 'GoldenSAMLADFSMailAccess', 'Microsoft365DefenderEvents.json');
  const { rows, diag } = await readAll([file]);
  assert.equal(rows.length, 0);
  assert.equal(diag.eventsRead, 9);
  let ignored = 0;
  for (const count of diag.ignoredByReason.values()) ignored += count;
  assert.equal(ignored, 9);
  assert.equal(diag.ignoredByReason.get('Defender ActionType LdapSearch (not DeviceProcessEvents)'), 5);
});

test('Defender portal CSV export', { skip: skipMessage(defenderCsv) }, async () => {
  const { rows, diag } = await readAll([defenderCsv]);
  assert.equal(diag.eventsRead, 26);
  assert.equal(diag.skippedTotal, 0);
  assert.equal(rows.length, 1);
  assert.equal(diag.rowsByTable.get('DeviceProcessEvents'), 1);
  assert.equal(diag.rowsByTable.get('DeviceNetworkEvents'), 8);
  const row = rows[0]!;
  assert.equal(row.ActionType, 'ProcessCreated');
  assert.equal(row.FileName, 'powershell.exe');
  assert.equal(row.FolderPath, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  assert.equal(row.ProcessId, 6532);
  const timestamp = row.Timestamp as number;
  assert.equal(Math.floor(timestamp), Date.parse('2023-10-18T15:45:07.986Z'));
  assert.ok(Math.abs(timestamp - Date.parse('2023-10-18T15:45:07.986Z') - 0.2755) < 1e-3, 'sub-millisecond ticks kept');
  assert.equal(typeof row.AdditionalFields, 'object');
});

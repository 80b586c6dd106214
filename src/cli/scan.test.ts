import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../testing/shared.js';

const cli = join(projectRoot, 'dist', 'cli', 'main.js');
const folder = mkdtempSync(join(tmpdir(), 'lurewatch-cli-'));

function lurewatch(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const row = (fields: Record<string, string>) =>
  JSON.stringify({ Timestamp: '2026-11-30T10:00:00.123456Z', DeviceName: 'ws-fin-03.corp.example', ActionType: 'ProcessCreated', ...fields });

const telemetry = join(folder, 'day.jsonl');
writeFileSync(
  telemetry,
  [
    row({ FileName: 'Invoice_7731.exe', FolderPath: 'C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe', InitiatingProcessFileName: 'explorer.exe', AccountName: 'kestrel' }),
    row({ FileName: 'setup.exe', FolderPath: 'C:\\Users\\kestrel\\Downloads\\setup.exe', InitiatingProcessFileName: 'explorer.exe' }),
    row({ FileName: 'notepad.exe', FolderPath: 'C:\\Windows\\System32\\notepad.exe', InitiatingProcessFileName: 'explorer.exe' }),
  ].join('\n') + '\n',
);

test('scan prints jsonl when piped', () => {
  const { code, stdout, stderr } = lurewatch(['scan', telemetry]);
  assert.equal(code, 0, stderr);
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const alert = JSON.parse(lines[0]!);
  assert.equal(alert.RuleId, 'lw-t1204-user-execution');
  assert.equal(alert.Severity, 'high');
  assert.equal(alert.Confidence, 'high');
  assert.equal(alert.AttackTechnique, 'T1204.002');
  assert.equal(alert.FileName, 'Invoice_7731.exe');
  assert.equal(alert.Timestamp, '2026-11-30T10:00:00.1234560Z');
  assert.equal(alert.DetectionCategory, 'Executable Launched from User-Writable Directory');
  assert.match(stderr, /Read 1 file: 3 events, 3 process events/);
  assert.match(stderr, /Lookback not applied/);
});

test('scan formats csv, json and table', () => {
  const csv = lurewatch(['scan', telemetry, '-f', 'csv', '--no-summary']);
  assert.equal(csv.code, 0);
  const header = csv.stdout.split('\r\n')[0]!;
  assert.match(header, /^RuleId,RuleTitle,Severity,Confidence,AttackTechnique,Timestamp,/);
  assert.match(header, /,DeviceName,.*,FileName,.*,ProcessChain,Sources$/);
  assert.equal(csv.stdout.trim().split('\r\n').length, 2);
  // The header lists every loaded rule's columns, so it does not depend on which rules fired.
  const quiet = join(folder, 'no-alerts.jsonl');
  writeFileSync(quiet, row({ FileName: 'notepad.exe', FolderPath: 'C:\\Windows\\notepad.exe', InitiatingProcessFileName: 'explorer.exe' }) + '\n');
  const empty = lurewatch(['scan', quiet, '-f', 'csv', '--no-summary']);
  assert.equal(empty.stdout.trim(), header);
  const json = lurewatch(['scan', telemetry, '-f', 'json', '--no-summary']);
  assert.equal(JSON.parse(json.stdout).length, 1);
  const table = lurewatch(['scan', telemetry, '-f', 'table', '--no-summary']);
  assert.match(table.stdout, /^Timestamp\s+Severity\s+DetectionCategory/);
  assert.match(table.stdout, /2026-11-30 10:00:00/);
});

test('scan --now applies the lookback', () => {
  const inside = lurewatch(['scan', telemetry, '--now', '2026-11-30T19:00:00Z']);
  assert.equal(inside.stdout.trim().split('\n').length, 1);
  assert.match(inside.stderr, /rule lookbacks applied/);
  const later = lurewatch(['scan', telemetry, '--now', '2026-12-02T00:00:00Z']);
  assert.equal(later.stdout, '');
  assert.equal(later.code, 0);
  const invalid = lurewatch(['scan', telemetry, '--now', 'yesterday']);
  assert.equal(invalid.code, 2, 'a usage error must not read as exit code 1, alerts found');
  assert.match(invalid.stderr, /invalid datetime 'yesterday'/);
});

test('usage errors exit 2, help and version 0', () => {
  assert.equal(lurewatch(['scan']).code, 2);
  assert.equal(lurewatch(['scan', telemetry, '--format', 'yaml']).code, 2);
  assert.equal(lurewatch(['scna', telemetry]).code, 2);
  assert.equal(lurewatch(['scan', '--help']).code, 0);
  assert.equal(lurewatch(['--version']).code, 0);
});

test('scan exit code with --fail-on-alert', () => {
  assert.equal(lurewatch(['scan', telemetry, '--fail-on-alert']).code, 1);
  const quiet = join(folder, 'quiet.jsonl');
  writeFileSync(quiet, row({ FileName: 'notepad.exe', FolderPath: 'C:\\Windows\\notepad.exe', InitiatingProcessFileName: 'explorer.exe' }) + '\n');
  assert.equal(lurewatch(['scan', quiet, '--fail-on-alert']).code, 0);
});

test('scan reads standard input and writes --output', () => {
  const output = join(folder, 'alerts.jsonl');
  const { code } = lurewatch(['scan', '-', '--output', output], readFileSync(telemetry, 'utf8'));
  assert.equal(code, 0);
  assert.equal(readFileSync(output, 'utf8').trim().split('\n').length, 1);
});

test('scan errors name the file', () => {
  const unknown = join(folder, 'notes.txt');
  writeFileSync(unknown, 'meeting notes, nothing to see\n');
  const result = lurewatch(['scan', unknown]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /notes\.txt/);

  const missing = lurewatch(['scan', join(folder, 'nope.jsonl')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.jsonl/);
});

test('scan reports a rule that does not compile', () => {
  const rule = join(folder, 'broken.kql');
  writeFileSync(rule, 'DeviceProcessEvents\n| where FileNam == "x"\n');
  const result = lurewatch(['scan', telemetry, '--rule', rule]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /broken\.kql: line 2, column 9: unknown column or name 'FileNam' \(did you mean 'FileName'\?\)/);
});

test('scan reports invalid rule metadata', () => {
  const rule = join(folder, 'bad.yaml');
  writeFileSync(join(folder, 'bad.kql'), 'DeviceProcessEvents | take 1\n');
  writeFileSync(rule, 'id: bad-rule\ntitle: Bad\nseverity: severe\nconfidence: high\nattack:\n  technique: T1204\n');
  const result = lurewatch(['scan', telemetry, '--rule', rule]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /bad\.yaml:3:\d+: invalid severity 'severe': use one of informational, low, medium, high, critical/);
});

test('scan with a bare .kql rule', () => {
  const rule = join(folder, 'downloads.kql');
  writeFileSync(rule, 'DeviceProcessEvents | where FolderPath has @"\\Downloads\\" | project Timestamp, FileName\n');
  const result = lurewatch(['scan', telemetry, '--rule', rule]);
  assert.equal(result.code, 0, result.stderr);
  const alerts = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.deepEqual(alerts.map((alert) => alert.FileName), ['Invoice_7731.exe', 'setup.exe']);
  assert.equal(alerts[0].RuleId, 'downloads');
});

test('scan rejects a missing baseline file', () => {
  const result = lurewatch(['scan', telemetry, '--baseline', join(folder, 'no-such-baseline.db')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /baseline not found: .*no-such-baseline\.db; create it with 'lurewatch baseline learn/);
});

test('scan warns about an empty folder', () => {
  const empty = mkdtempSync(join(tmpdir(), 'lurewatch-empty-'));
  const result = lurewatch(['scan', empty]);
  assert.equal(result.code, 0);
  assert.match(result.stderr, /folder holds no files to read; check the path/);
  assert.match(result.stderr, /Read 0 files: 0 events, 0 process events/);
});

test('query print needs no input', () => {
  const result = lurewatch(['query', 'print x = 1, y = strlen("abc")']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { x: 1, y: 3 });
  const needsInput = lurewatch(['query', 'DeviceProcessEvents | take 1']);
  assert.equal(needsInput.code, 2);
  assert.match(needsInput.stderr, /give at least one file or folder/);
});

test('scan checks -o before reading', () => {
  const copy = join(folder, 'evidence.jsonl');
  writeFileSync(copy, readFileSync(telemetry));
  const same = lurewatch(['scan', copy, '-o', copy]);
  assert.equal(same.code, 2);
  assert.match(same.stderr, /cannot write alerts to '.*evidence\.jsonl': it is also an input/);
  assert.equal(readFileSync(copy, 'utf8'), readFileSync(telemetry, 'utf8'), 'the input is untouched');

  const inside = lurewatch(['scan', folder, '-o', join(folder, 'alerts.jsonl')]);
  assert.equal(inside.code, 2);
  assert.match(inside.stderr, /inside the input folder/);

  const missingFolder = lurewatch(['scan', telemetry, '-o', join(folder, 'no-such-folder', 'alerts.csv')]);
  assert.equal(missingFolder.code, 2);
  assert.match(missingFolder.stderr, /folder '.*no-such-folder': no such file or folder; check the path/);
  assert.equal(missingFolder.stdout, '');
});

test('scan -o takes its format from the file name', () => {
  const outputs = mkdtempSync(join(tmpdir(), 'lurewatch-cli-out-'));
  const csv = join(outputs, 'alerts.csv');
  assert.equal(lurewatch(['scan', telemetry, '-o', csv, '--no-summary']).code, 0);
  assert.match(readFileSync(csv, 'utf8'), /^RuleId,RuleTitle,/);
  const json = join(outputs, 'alerts.json');
  assert.equal(lurewatch(['scan', telemetry, '-o', json, '--no-summary']).code, 0);
  assert.equal(JSON.parse(readFileSync(json, 'utf8')).length, 1);
  const jsonl = join(outputs, 'alerts.out');
  assert.equal(lurewatch(['scan', telemetry, '-o', jsonl, '-f', 'csv', '--no-summary']).code, 0);
  assert.match(readFileSync(jsonl, 'utf8'), /^RuleId,/, '--format wins over the name');
});

test('scan names clock reads it kept', () => {
  const rule = join(folder, 'clock-in-or.kql');
  writeFileSync(rule, 'let lookback = ago(1d);\nDeviceProcessEvents\n| where Timestamp > lookback or FileName == "zzz"\n| project Timestamp, DeviceName, FileName\n');
  const { code, stdout, stderr } = lurewatch(['scan', telemetry, '--rule', rule]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, '', 'the wall clock is days after the events');
  assert.match(stderr, /These terms read the current time, not the events' time; pass --now <datetime> to set it:\n {2}clock-in-or: Timestamp > lookback or FileName == "zzz"/);
  const withNow = lurewatch(['scan', telemetry, '--rule', rule, '--now', '2026-11-30T19:00:00Z']);
  assert.equal(withNow.stdout.trim().split('\n').length, 3);
  assert.doesNotMatch(withNow.stderr, /read the current time/);
});

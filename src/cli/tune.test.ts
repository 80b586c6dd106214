import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../testing/shared.js';

const cli = join(projectRoot, 'dist', 'cli', 'main.js');
const sample = join(projectRoot, 'samples', 'office-day.jsonl');
const referenceRule = join(projectRoot, 'rules', 't1204-user-execution.yaml');

function lurewatch(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('scan reads lurewatch.yaml by default', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lurewatch-cli-tuning-'));
  copyFileSync(join(projectRoot, 'examples', 'exceptions.yaml'), join(folder, 'lurewatch.yaml'));
  const plain = lurewatch(['scan', sample, '-r', referenceRule, '--no-progress'], folder);
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(plain.stdout.trim().split('\n').length, 13);
  assert.match(plain.stderr, /Suppressed by exceptions in lurewatch\.yaml: 13 \(list them with --show-suppressed\)/);
  assert.match(plain.stderr, / 4 {2}it-remote-tool-service/);

  const shown = lurewatch(['scan', sample, '-r', referenceRule, '--no-progress', '--show-suppressed'], folder);
  const alerts = shown.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(alerts.length, 26);
  assert.equal(alerts.filter((alert) => alert.SuppressedBy !== null).length, 13);
  assert.ok(alerts.every((alert) => typeof alert.ProcessChain === 'string' && alert.ProcessChain.split(' > ').length === 3));

  const ignored = lurewatch(['scan', sample, '-r', referenceRule, '--no-progress', '--no-exceptions'], folder);
  assert.equal(ignored.stdout.trim().split('\n').length, 26);
});

test('scan warns about expired exceptions', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lurewatch-cli-tuning-'));
  const file = join(folder, 'old.yaml');
  writeFileSync(file, 'exceptions:\n  - id: old-anydesk\n    rule: lw-t1204-user-execution\n    reason: IT AnyDesk\n    expires: 2026-01-31\n    match:\n      FileName: AnyDesk.exe\n      InitiatingProcessFileName: services.exe\n');
  const scan = lurewatch(['scan', sample, '-r', referenceRule, '--no-progress', '--exceptions', file, '--now', '2026-11-30T19:00:00Z'], folder);
  assert.equal(scan.code, 0, scan.stderr);
  assert.match(scan.stderr, /warning: exception 'old-anydesk' \(.*old\.yaml:2\) expired on 2026-01-31 and no longer suppresses; it matches 2 alerts of this scan/);
});

test('scan rejects a bad exceptions file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lurewatch-cli-tuning-'));
  const file = join(folder, 'bad.yaml');
  writeFileSync(file, 'exceptions:\n  - id: x\n    rule: lw-t1204-user-execution\n    reason: r\n    match:\n      FileName: { equals: a.exe }\n');
  const scan = lurewatch(['scan', sample, '-r', referenceRule, '--no-progress', '--exceptions', file], folder);
  assert.equal(scan.code, 2);
  assert.match(scan.stderr, /bad\.yaml:6:19: unknown operator 'equals' on FileName/);
  assert.equal(scan.stdout, '');
});

test('tune prints loadable entries', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lurewatch-cli-tuning-'));
  const tune = lurewatch(['tune', sample, '-r', referenceRule, '--no-progress'], folder);
  assert.equal(tune.code, 0, tune.stderr);
  assert.match(tune.stdout, /^# Exception entries proposed by lurewatch tune/);
  assert.match(tune.stderr, /Proposed 4 entries covering 9 alerts/);
  const file = join(folder, 'proposed.yaml');
  writeFileSync(file, tune.stdout);
  const scan = lurewatch(['scan', sample, '-r', referenceRule, '--no-progress', '--exceptions', file], folder);
  assert.equal(scan.code, 0, scan.stderr);
  assert.match(scan.stderr, /Suppressed by exceptions in .*proposed\.yaml: 9/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../testing/shared.js';
import { writeRows } from '../tuning/testing.js';
import { StateStore } from './store.js';

const cli = join(projectRoot, 'dist', 'cli', 'main.js');
const folder = mkdtempSync(join(tmpdir(), 'lurewatch-baseline-'));

function lurewatch(args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: folder });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const spotify = (user: string, device: string, time: string) => ({
  Timestamp: time, DeviceName: device, AccountName: user, FileName: 'Spotify.exe', InitiatingProcessFileName: 'explorer.exe',
  FolderPath: `C:\\Users\\${user}\\AppData\\Roaming\\Spotify\\Spotify.exe`, ProcessCommandLine: `"C:\\Users\\${user}\\AppData\\Roaming\\Spotify\\Spotify.exe"`,
});
const lure = {
  Timestamp: '2026-11-30T10:05:00Z', DeviceName: 'ws-eng-05.corp.example', AccountName: 'hyamamoto', FileName: 'ChromeUpdate.exe', InitiatingProcessFileName: 'explorer.exe',
  FolderPath: 'C:\\Users\\hyamamoto\\AppData\\Roaming\\BrowserUpdate\\ChromeUpdate.exe', ProcessCommandLine: '"C:\\Users\\hyamamoto\\AppData\\Roaming\\BrowserUpdate\\ChromeUpdate.exe"',
};
const history = writeRows('last-month.jsonl', [spotify('apatel', 'ws-eng-02.corp.example', '2026-10-30T09:00:00Z')]);
const today = writeRows('today.jsonl', [spotify('hyamamoto', 'ws-eng-05.corp.example', '2026-11-30T10:00:00Z'), lure]);
const database = join(folder, 'baseline.db');

test('baseline tags routine launches per group', () => {
  const learned = lurewatch(['baseline', 'learn', history, '--baseline', database, '--no-progress']);
  assert.equal(learned.code, 0, learned.stderr);
  assert.match(learned.stderr, /Learned 1 process events .* 1 distinct launches on 1 devices in 1 device groups/);

  const scan = lurewatch(['scan', today, '--baseline', database, '--no-progress', '-r', join(projectRoot, 'rules', 't1204-user-execution.yaml')]);
  assert.equal(scan.code, 0, scan.stderr);
  const alerts = scan.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const byFile = new Map(alerts.map((alert) => [alert.FileName, alert]));
  assert.match(byFile.get('Spotify.exe').Baseline, /^routine in ws-eng \(1 device, 1 launch\)/, 'another device of the group learned it');
  assert.equal(byFile.get('ChromeUpdate.exe').Baseline, 'not in baseline');
  assert.equal(byFile.get('ChromeUpdate.exe').FirstSeenOnHost, true);

  const again = lurewatch(['scan', today, '--baseline', database, '--no-progress', '-r', join(projectRoot, 'rules', 't1204-user-execution.yaml')]);
  const repeated = again.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.ok(repeated.every((alert) => alert.FirstSeenOnHost === false), 'a later scan has seen these alerts before');
});

test('baseline suppress rule hides routine launches', () => {
  const rules = join(folder, 'rules');
  spawnSync('mkdir', ['-p', rules]);
  copyFileSync(join(projectRoot, 'rules', 't1204-user-execution.kql'), join(rules, 't1204-user-execution.kql'));
  const metadata = readFileSync(join(projectRoot, 'rules', 't1204-user-execution.yaml'), 'utf8');
  writeFileSync(join(rules, 't1204-user-execution.yaml'), `${metadata}\nbaseline: suppress\n`);
  const fresh = join(folder, 'suppress.db');
  lurewatch(['baseline', 'learn', history, '--baseline', fresh, '--no-progress']);

  const scan = lurewatch(['scan', today, '--baseline', fresh, '--no-progress', '-r', rules, '--show-suppressed']);
  assert.equal(scan.code, 0, scan.stderr);
  const alerts = scan.stdout.trim().split('\n').map((line) => JSON.parse(line));
  const spotifyAlert = alerts.find((alert) => alert.FileName === 'Spotify.exe');
  assert.equal(spotifyAlert.SuppressedBy, 'baseline');
  assert.equal(alerts.find((alert) => alert.FileName === 'ChromeUpdate.exe').SuppressedBy, null);
  assert.match(scan.stderr, /1 suppressed by rules marked 'baseline: suppress'/);
});

test('baseline value in rule metadata is checked', () => {
  const rules = join(folder, 'bad-rules');
  spawnSync('mkdir', ['-p', rules]);
  copyFileSync(join(projectRoot, 'rules', 't1204-user-execution.kql'), join(rules, 't1204-user-execution.kql'));
  const metadata = readFileSync(join(projectRoot, 'rules', 't1204-user-execution.yaml'), 'utf8');
  writeFileSync(join(rules, 't1204-user-execution.yaml'), `${metadata}\nbaseline: hide\n`);
  const scan = lurewatch(['scan', today, '--no-progress', '-r', rules]);
  assert.equal(scan.code, 2);
  assert.match(scan.stderr, /t1204-user-execution\.yaml:\d+:11: invalid baseline 'hide'/);
});

test('store rejects another schema version', () => {
  const file = join(folder, 'old.db');
  const store = new StateStore(file);
  (store as unknown as { db: { prepare(sql: string): { run(...args: unknown[]): void } } }).db.prepare("UPDATE meta SET value = '0' WHERE key = 'schema_version'").run();
  store.close();
  assert.throws(() => new StateStore(file), /baseline database version 0 is not supported/);
});

test('store rejects a file that is not a baseline', () => {
  const empty = join(folder, 'empty.db');
  writeFileSync(empty, '');
  assert.throws(() => new StateStore(empty), /empty\.db: not a lurewatch baseline \(an empty file or database\)/);
  assert.equal(readFileSync(empty).length, 0, 'the empty file is left as it was');

  const text = join(folder, 'notes.txt');
  writeFileSync(text, 'not a database\n'.repeat(100));
  assert.throws(() => new StateStore(text), /notes\.txt: not a lurewatch baseline \(not a SQLite database/);

  const foreign = join(folder, 'crm.db');
  const crm = new Database(foreign);
  crm.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
  crm.close();
  assert.throws(() => new StateStore(foreign), /crm\.db: not a lurewatch baseline \(a SQLite database with tables customers but without meta, launches, alert_history\)/);
  const after = new Database(foreign, { readonly: true });
  const tables = (after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((row) => row.name);
  after.close();
  assert.deepEqual(tables, ['customers'], 'no lurewatch table was added');
});

test('baseline commands reject a foreign database', () => {
  const foreign = join(folder, 'customers.db');
  const crm = new Database(foreign);
  crm.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
  crm.close();
  const empty = join(folder, 'zero.db');
  writeFileSync(empty, '');

  for (const file of [foreign, empty]) {
    const learned = lurewatch(['baseline', 'learn', history, '--baseline', file, '--no-progress']);
    assert.equal(learned.code, 2, learned.stderr);
    assert.match(learned.stderr, new RegExp(`${file.replace(/[.\\/]/g, '\\$&')}: not a lurewatch baseline`));

    const scan = lurewatch(['scan', today, '--baseline', file, '--no-progress', '-r', join(projectRoot, 'rules', 't1204-user-execution.yaml')]);
    assert.equal(scan.code, 2, scan.stderr);
    assert.match(scan.stderr, /not a lurewatch baseline/);
    assert.equal(scan.stdout, '');
  }
  assert.equal(readFileSync(empty).length, 0);
});

const launchTotal = (file: string): number => {
  const db = new Database(file, { readonly: true });
  const row = db.prepare('SELECT coalesce(sum(count), 0) AS total FROM launches').get() as { total: number };
  db.close();
  return row.total;
};

test('baseline learn counts an input once', () => {
  const file = join(folder, 'twice.db');
  const first = lurewatch(['baseline', 'learn', today, '--baseline', file, '--no-progress']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(launchTotal(file), 2);

  const again = lurewatch(['baseline', 'learn', today, '--baseline', file, '--no-progress']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /Skipped .*today\.jsonl: its content was already learned into/);
  assert.match(again.stderr, /Learned 0 process events/);
  assert.equal(launchTotal(file), 2);

  const copies = join(folder, 'copies');
  spawnSync('mkdir', ['-p', copies]);
  copyFileSync(today, join(copies, 'renamed.jsonl'));
  copyFileSync(history, join(copies, 'unseen.jsonl'));
  const folderRun = lurewatch(['baseline', 'learn', copies, '--baseline', file, '--no-progress']);
  assert.equal(folderRun.code, 0, folderRun.stderr);
  assert.match(folderRun.stderr, /Skipped .*renamed\.jsonl: its content was already learned/);
  assert.match(folderRun.stderr, /Learned 1 process events/);
  assert.equal(launchTotal(file), 3);
});

test('baseline learn commits nothing on a file error', () => {
  const notes = join(folder, 'notes.txt');
  writeFileSync(notes, 'shift handover notes\n');
  const fresh = join(folder, 'never.db');
  const failed = lurewatch(['baseline', 'learn', today, notes, '--baseline', fresh, '--no-progress']);
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /error: .*notes\.txt: unknown format/);
  assert.match(failed.stderr, /Nothing was learned into/);
  assert.equal(existsSync(fresh), false, 'a baseline this run created is removed again');

  const kept = join(folder, 'kept.db');
  assert.equal(lurewatch(['baseline', 'learn', history, '--baseline', kept, '--no-progress']).code, 0);
  const extended = lurewatch(['baseline', 'learn', today, notes, '--baseline', kept, '--no-progress']);
  assert.equal(extended.code, 2);
  assert.equal(launchTotal(kept), 1, 'the launches of today.jsonl were rolled back');

  const retried = lurewatch(['baseline', 'learn', today, '--baseline', kept, '--no-progress']);
  assert.equal(retried.code, 0, retried.stderr);
  assert.doesNotMatch(retried.stderr, /Skipped/, 'a rolled-back file was not recorded as learned');
  assert.equal(launchTotal(kept), 3);
});

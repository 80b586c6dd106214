import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordSet } from './records.js';
import { renderRecords } from './writers.js';

const set = (commandLine: string): RecordSet => ({
  columns: [
    { name: 'FileName', type: 'string' },
    { name: 'ProcessCommandLine', type: 'string' },
  ],
  rows: [{ FileName: 'x.exe', ProcessCommandLine: commandLine }],
});

test('table shows hidden direction marks', () => {
  const text = renderRecords(set('"C:\\Users\\k\\Downloads\\Invoice\u202Efdp.exe"'), 'table', 200);
  assert.ok(!text.includes('\u202E'), 'the override character itself is not printed');
  assert.match(text, /Invoice<U\+202E>fdp\.exe/);
});

test('JSON writes lone surrogates as U+FFFD', () => {
  for (const format of ['jsonl', 'json'] as const) {
    const text = renderRecords(set('scan_\uD800.pdf.exe'), format, 200);
    assert.ok(!/\\ud800/i.test(text), `${format}: no lone surrogate escape`);
    const parsed = JSON.parse(text) as { ProcessCommandLine: string } | Array<{ ProcessCommandLine: string }>;
    const row = Array.isArray(parsed) ? parsed[0]! : parsed;
    assert.equal(row.ProcessCommandLine, 'scan_\uFFFD.pdf.exe');
  }
  const pair = renderRecords(set('emoji \uD83D\uDE00'), 'jsonl', 200);
  assert.equal((JSON.parse(pair) as { ProcessCommandLine: string }).ProcessCommandLine, 'emoji \uD83D\uDE00', 'a whole pair is kept');
});

test('CSV keeps formulas from running', () => {
  const lines = (commandLine: string) => renderRecords(set(commandLine), 'csv', 200).split('\r\n');
  assert.equal(lines('=HYPERLINK("http://x","y")')[1], `x.exe,"'=HYPERLINK(""http://x"",""y"")"`);
  assert.equal(lines('@SUM(A1)')[1], "x.exe,'@SUM(A1)");
  assert.equal(lines('+cmd')[1], "x.exe,'+cmd");
  assert.equal(lines('-')[1], 'x.exe,-', 'a Sysmon empty field stays as is');
  assert.equal(lines('notepad.exe a.txt')[1], 'x.exe,notepad.exe a.txt');
});

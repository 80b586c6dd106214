import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable } from './table.js';

const headers = ['Timestamp', 'Severity', 'Category', 'CommandLine'];
const rows = [
  ['2026-11-30 10:00:00', 'high', 'Executable Launched from User-Writable Directory', `"C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe" ${'x'.repeat(150)}`],
  ['2026-11-30 10:05:00', 'medium', 'Office/Browser Shell Spawn', 'powershell.exe -nop -w hidden -enc AAAA'],
];

test('table fits the terminal width', () => {
  for (const width of [80, 120, 200]) {
    const lines = renderTable(headers, rows, width).trimEnd().split('\n');
    for (const line of lines) assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
  }
});

test('table keeps short columns whole', () => {
  const text = renderTable(headers, rows, 100);
  assert.match(text, /2026-11-30 10:00:00  high {6}/);
  assert.match(text, /2026-11-30 10:05:00  medium/);
});

test('table cuts long cells with an ellipsis', () => {
  const lines = renderTable(headers, rows, 100).split('\n');
  assert.ok(lines[2]!.endsWith('…'), lines[2]);
  // The command line, the longest column, keeps more room than the category.
  const header = lines[0]!;
  const categoryWidth = header.indexOf('CommandLine') - header.indexOf('Category');
  assert.ok(lines[2]!.length - header.indexOf('CommandLine') > categoryWidth, lines[2]);
});

test('table without cuts when wide enough', () => {
  const text = renderTable(['A', 'B'], [['one', 'two']], 80);
  assert.equal(text, 'A    B\n---  ---\none  two\n');
});

test('table on a very narrow terminal', () => {
  const lines = renderTable(headers, rows, 30).trimEnd().split('\n');
  assert.equal(lines.length, 4);
  for (const line of lines.slice(2)) assert.ok(line.includes('…'), line);
});

test('table keeps the end of a process chain', () => {
  const chain = 'userinit.exe > explorer.exe > WINWORD.EXE > cmd.exe > powershell.exe > Invoice_7731.exe';
  const lines = renderTable(['DeviceName', 'ProcessChain'], [['ws-fin-03', chain]], 40).trimEnd().split('\n');
  const cell = lines[2]!.slice(lines[2]!.indexOf('…'));
  assert.ok(cell.startsWith('…'), lines[2]);
  assert.ok(chain.endsWith(cell.slice(1)), `the cell is the chain's end: ${cell}`);
  assert.ok(cell.endsWith('Invoice_7731.exe'), lines[2]);
  assert.ok(lines[0]!.length <= 40, lines[0]);
  assert.ok(lines[2]!.length <= 40, lines[2]);
});

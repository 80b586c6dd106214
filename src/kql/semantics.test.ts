import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, runQueryOnRows } from './index.js';
import { tableSchemas } from '../schema/tables.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingShared, sharedRoot } from '../testing/shared.js';

/** Evaluates one scalar expression through `print`, the way a user would check it in a console. */
function evaluate(expression: string): unknown {
  const query = compileQuery(`print Result = ${expression}`, { tables: tableSchemas, now: Date.UTC(2026, 10, 30, 12), lookback: 'apply' });
  return runQueryOnRows(query, {})[0]!.Result;
}

// Expected values follow Microsoft's KQL documentation: `has` matches whole terms case-insensitively,
// `==` and `in` are case-sensitive, `=~`, `in~`, `endswith` and `contains` are not.
const cases: Array<[string, unknown]> = [
  ['"C:\\\\Windows\\\\System32\\\\cmd.exe" has "cmd.exe"', true],
  ['"C:\\\\Tools\\\\xcmd.exe" has "cmd.exe"', false],
  ['"cmd.exe.bak" has "cmd.exe"', true],
  ['"cmd.exes" has "cmd.exe"', false],
  ['"powershell.exe" has "shell.exe"', false],
  ['@"C:\\Users\\a\\Downloads\\s.exe" has @"\\Downloads\\"', true],
  ['@"C:\\Users\\a\\Downloads2\\s.exe" has @"\\Downloads\\"', false],
  ['@"C:\\Users\\a\\MyDownloads\\x.exe" has "Downloads"', false],
  ['@"C:\\USERS\\A\\DOWNLOADS\\X.EXE" has "downloads"', true],
  ['@"C:\\Program Files (x86)\\Ammyy Admin.exe" has "ammyy admin.exe"', true],
  ['"AmmyyAdmin.exe" has "ammyy admin.exe"', false],
  ['"AnyDesk.exe" has_any (dynamic(["anydesk", "teamviewer"]))', true],
  ['"AnyDeskMSI.exe" has_any (dynamic(["anydesk", "teamviewer"]))', false],
  ['"mylevel.exe" has_any (dynamic(["level.exe"]))', false],
  ['"BA" has "b"', false],
  ['"KustoExplorerQueryRun" contains "Explorer"', true],
  ['"KustoExplorerQueryRun" has "Explorer"', false],
  ['"" has_any (dynamic(["cmd.exe"]))', false],
  ['"" !has "cmd"', true],
  ['"EXPLORER.EXE" =~ "explorer.exe"', true],
  ['"EXPLORER.EXE" == "explorer.exe"', false],
  ['"PowerShell.exe" !~ "powershell.exe"', false],
  ['"Setup.EXE" endswith ".exe"', true],
  ['"Setup.EXE" endswith_cs ".exe"', false],
  ['@"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\POWERSHELL.EXE" endswith @"\\powershell.exe"', true],
  ['"WINWORD.EXE" in~ ("winword.exe", "excel.exe")', true],
  ['"WINWORD.EXE" in ("winword.exe", "excel.exe")', false],
  ['"WINWORD.EXE" !in~ ("winword.exe", "excel.exe")', false],
  ['"CMD.EXE" in~ (dynamic(["cmd.exe", "powershell.exe"]))', true],
  ['"" in~ (dynamic([]))', false],
  ['case(false, "a", true, "b", "c")', 'b'],
  ['case(false, "a", "c")', 'c'],
  ['iff(1 > 2, "yes", "no")', 'no'],
  ['"C:\\\\Users\\\\Public\\\\" == @"C:\\Users\\Public\\"', true],
  ['strlen(@"C:\\")', 3],
  ['@"say ""hi"""', 'say "hi"'],
  ["'it\\'s'", "it's"],
  ['"C:\\\\Users\\\\k\\\\AppData\\\\Local\\\\Temp\\\\run.exe" has @"\\AppData\\*"', false],
  ['strlen("a\\\\rb")', 4],
  ['not(@"C:\\Tools\\run.exe" has @"\\Program Files\\")', true],
];

for (const [expression, expected] of cases) {
  test(`kql ${expression}`, () => {
    assert.deepEqual(evaluate(expression), expected);
  });
}

test('has_all needs every term', () => {
  assert.equal(evaluate('"powershell -enc AAAA" has_all ("powershell", "-enc")'), true);
  assert.equal(evaluate('"powershell -w h" has_all ("powershell", "-enc")'), false);
});

test('string operators and their negations', () => {
  assert.equal(evaluate('"abc" !contains "B"'), false);
  assert.equal(evaluate('"abc" contains_cs "B"'), false);
  assert.equal(evaluate('"abc" !contains_cs "B"'), true);
  assert.equal(evaluate('"Abc" startswith "a"'), true);
  assert.equal(evaluate('"Abc" startswith_cs "a"'), false);
  assert.equal(evaluate('"Abc" !startswith "a"'), false);
  assert.equal(evaluate('"abc.EXE" !endswith ".exe"'), false);
  assert.equal(evaluate('"Cmd.exe" has_cs "cmd.exe"'), false);
  assert.equal(evaluate('"Cmd.exe" !has_cs "cmd.exe"'), true);
  assert.equal(evaluate('"Cmd.exe" !in ("cmd.exe")'), true);
  assert.equal(evaluate('"abc" != "ABC"'), true);
});

test('matches regex compiles (?i) as a flag', () => {
  assert.equal(evaluate('"Invoice_7731.PDF.exe" matches regex @"(?i)\\.pdf\\.exe$"'), true);
  assert.equal(evaluate('"Invoice.pdf" matches regex @"\\.exe$"'), false);
});

test('hasprefix and hassuffix match term edges', () => {
  assert.equal(evaluate('"C:\\\\Tools\\\\powershell.exe" hasprefix "power"'), true);
  assert.equal(evaluate('"C:\\\\Tools\\\\xpowershell.exe" hasprefix "power"'), false);
  assert.equal(evaluate('"C:\\\\Tools\\\\powershell.exe" hassuffix "shell.exe"'), true);
});

test('timespan literals and datetime arithmetic', () => {
  assert.equal(evaluate('24h'), 86_400_000);
  assert.equal(evaluate('7d'), 7 * 86_400_000);
  assert.equal(evaluate('30m'), 1_800_000);
  assert.equal(evaluate('1s'), 1000);
  assert.equal(evaluate('100ms'), 100);
  assert.equal(evaluate('datetime(2026-11-30T10:00:00Z)'), Date.UTC(2026, 10, 30, 10));
  assert.equal(evaluate('datetime(2026-11-30 10:00)'), Date.UTC(2026, 10, 30, 10));
  assert.equal(evaluate('ago(2h)'), Date.UTC(2026, 10, 30, 10));
  assert.equal(evaluate('now() - 1d'), Date.UTC(2026, 10, 29, 12));
  assert.equal(evaluate('datetime(2026-11-30) between (datetime(2026-11-29) .. 2d)'), true);
});

test('todatetime returns null for dates that do not exist', () => {
  assert.equal(evaluate('todatetime("2026-02-30")'), null);
  assert.equal(evaluate('todatetime("2026-13-45")'), null);
  assert.equal(evaluate('todatetime("2026-11-30T25:00:00Z")'), null);
  assert.equal(evaluate('todatetime("2026-02-29")'), null);
  assert.equal(evaluate('todatetime("2024-02-29")'), Date.UTC(2024, 1, 29));
  assert.equal(evaluate('todatetime("2026-11-30T10:00:00+05:30")'), Date.UTC(2026, 10, 30, 4, 30));
  assert.equal(evaluate('isnull(todatetime("2026-04-31"))'), true);
  assert.equal(evaluate('todatetime("yesterday")'), null);
});

test('parse and extract give null for invalid dates', () => {
  const query = compileQuery(
    'datatable(Text: string) ["at 2026-02-30 10:00", "at 2026-03-01 10:00"] | parse Text with "at " When:datetime | extend Extracted = extract(@"at (.*)", 1, Text, typeof(datetime))',
    { tables: tableSchemas, now: 0, lookback: 'apply' },
  );
  const rows = runQueryOnRows(query, {});
  assert.equal(rows[0]!.When, null);
  assert.equal(rows[0]!.Extracted, null);
  assert.equal(rows[1]!.When, Date.UTC(2026, 2, 1, 10));
  assert.equal(rows[1]!.Extracted, Date.UTC(2026, 2, 1, 10));
});

test('numbers, null propagation and logic', () => {
  assert.equal(evaluate('7 / 2'), 3);
  assert.equal(evaluate('7.0 / 2'), 3.5);
  assert.equal(evaluate('7 % 3'), 1);
  assert.equal(evaluate('1 / 0'), null);
  assert.equal(evaluate('long(null) + 1'), null);
  assert.equal(evaluate('long(null) > 1'), null);
  assert.equal(evaluate('isnull(long(null))'), true);
  assert.equal(evaluate('isnull("")'), false);
  assert.equal(evaluate('isempty("")'), true);
  assert.equal(evaluate('isnotempty("x")'), true);
  assert.equal(evaluate('false and long(null) > 1'), false);
  assert.equal(evaluate('true or long(null) > 1'), true);
  assert.equal(evaluate('not(true) or false'), false);
  assert.equal(evaluate('0x10'), 16);
  assert.equal(evaluate('-3 + 1'), -2);
});

test('string functions', () => {
  assert.equal(evaluate('tolower("AbC")'), 'abc');
  assert.equal(evaluate('toupper("AbC")'), 'ABC');
  assert.equal(evaluate('strcat("a", 1, true)'), 'a1true');
  assert.equal(evaluate('strlen("")'), 0);
  assert.equal(evaluate('tostring(12)'), '12');
  assert.equal(evaluate('toint("0x1c10")'), 7184);
  assert.equal(evaluate('tolong("7184")'), 7184);
  assert.equal(evaluate('iif(true, 1, 2.5)'), 1);
  assert.equal(evaluate('coalesce("", "b")'), 'b');
});

test('dynamic access by name and index', () => {
  assert.equal(evaluate('dynamic({"a": {"b": 2}}).a.b'), 2);
  assert.equal(evaluate('dynamic(["x", "y"])[1]'), 'y');
  assert.equal(evaluate('dynamic(["x", "y"])[-1]'), 'y');
  assert.equal(evaluate('dynamic({"a": 1})["a"]'), 1);
  assert.equal(evaluate('dynamic({"a": 1}).missing'), null);
});

test('shared semantics table agrees', (t) => {
  const path = join(sharedRoot, 'cases', 'kql-semantics.tsv');
  const skip = missingShared(path);
  if (skip) return t.skip(skip);
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() && !line.startsWith('#'));
  assert.ok(lines.length >= 40, `expected at least 40 cases, found ${lines.length}`);
  for (const line of lines) {
    const [expression, expected] = line.split('\t') as [string, string];
    assert.deepEqual(evaluate(expression), JSON.parse(expected), expression);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, KqlError, runQueryOnRows } from './index.js';
import type { LookbackMode } from './index.js';
import { tableSchemas } from '../schema/tables.js';

const row = {
  FolderPath: 'C:\\Users\\kestrel\\AppData\\Local\\Temp\\run.exe',
  FileName: 'run.exe',
  InitiatingProcessFileName: 'explorer.exe',
  Timestamp: Date.UTC(2026, 10, 30, 10),
};

function run(query: string, now = Date.UTC(2026, 10, 30, 12), lookback: LookbackMode = 'apply') {
  const compiled = compileQuery(query, { tables: tableSchemas, now, lookback });
  return runQueryOnRows(compiled, { DeviceProcessEvents: [row] });
}

function compileError(query: string): KqlError {
  try {
    compileQuery(query, { tables: tableSchemas, now: 0, lookback: 'apply' });
  } catch (error) {
    assert.ok(error instanceof KqlError, `expected KqlError, got ${String(error)}`);
    return error;
  }
  assert.fail(`query compiled but should fail: ${query}`);
}

test('endswith on a verbatim path', () => {
  assert.equal(run('DeviceProcessEvents | where FolderPath endswith @"\\Temp\\run.exe"').length, 1);
});

test('backslash r escape is not a carriage return', () => {
  assert.equal(run('DeviceProcessEvents | where FolderPath == "C:\\\\Users\\\\kestrel\\\\AppData\\\\Local\\\\Temp\\\\run.exe"').length, 1);
});

test('verbatim string ending in a backslash', () => {
  const rows = run('DeviceProcessEvents | extend d = @"C:\\" | project d');
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.d, 'C:\\');
  assert.equal((rows[0]!.d as string).length, 3);
});

test('not() around has', () => {
  assert.equal(run('DeviceProcessEvents | where FileName =~ "run.exe" and not(FolderPath has @"\\Program Files\\")').length, 1);
});

test('misplaced !~ is a syntax error at it', () => {
  const query = 'DeviceProcessEvents | where FileName =~ "run.exe" and !~ FolderPath has "x"';
  const error = compileError(query);
  assert.equal(error.line, 1);
  assert.equal(error.column, query.indexOf('!~') + 1);
  assert.match(error.message, /\^\^/);
});

test('ago() follows the clock', () => {
  assert.equal(run('DeviceProcessEvents | where Timestamp > ago(1d)', Date.UTC(2026, 10, 30, 12)).length, 1);
  assert.equal(run('DeviceProcessEvents | where Timestamp > ago(1d)', Date.UTC(2026, 11, 2)).length, 0);
});

test('ignored lookback keeps old rows and is reported', () => {
  const compiled = compileQuery('DeviceProcessEvents | where Timestamp > ago(1d) and FileName == "run.exe"', {
    tables: tableSchemas,
    now: Date.UTC(2027, 0, 1),
    lookback: 'ignore',
  });
  assert.deepEqual(compiled.ignoredLookback, ['Timestamp > ago(1d)']);
  assert.equal(runQueryOnRows(compiled, { DeviceProcessEvents: [row] }).length, 1);
});

test('unknown operator names the nearest', () => {
  const query = 'DeviceProcessEvents | where FileName has_anyy ("run")';
  const error = compileError(query);
  assert.match(error.message, /has_anyy/);
  assert.match(error.message, /did you mean 'has_any'/);
  assert.equal(error.line, 1);
  assert.equal(error.column, query.indexOf('has_anyy') + 1);
});

test('unknown column suggests DeviceName', () => {
  const query = 'DeviceProcessEvents | where DeviceNam == "x"';
  const error = compileError(query);
  assert.match(error.message, /unknown column or name 'DeviceNam'/);
  assert.match(error.message, /did you mean 'DeviceName'/);
  assert.equal(error.column, query.indexOf('DeviceNam') + 1);
});

test('blank line after let keeps the let', () => {
  const rows = run('let a = dynamic(["run.exe"]);\n\nDeviceProcessEvents | where FileName in~ (a)');
  assert.equal(rows.length, 1);
  const none = run('let a = dynamic(["other.exe"]);\n\nDeviceProcessEvents | where FileName in~ (a)');
  assert.equal(none.length, 0);
});

test('trailing comment and // inside a string', () => {
  assert.equal(run('DeviceProcessEvents | where FileName == "run.exe" // trailing comment').length, 1);
  const rows = run('DeviceProcessEvents | extend u = "http://x" | project u');
  assert.equal(rows[0]!.u, 'http://x');
});

test('sort puts nulls last when descending', () => {
  const t1 = Date.UTC(2026, 10, 30, 9);
  const t2 = Date.UTC(2026, 10, 30, 11);
  const rows = [{ Timestamp: t1, FileName: 'a' }, { Timestamp: null, FileName: 'n' }, { Timestamp: t2, FileName: 'b' }];
  const order = (query: string) =>
    runQueryOnRows(compileQuery(query, { tables: tableSchemas, now: 0, lookback: 'apply' }), { DeviceProcessEvents: rows }).map((r) => r.FileName);
  assert.deepEqual(order('DeviceProcessEvents | sort by Timestamp desc'), ['b', 'a', 'n']);
  assert.deepEqual(order('DeviceProcessEvents | sort by Timestamp'), ['b', 'a', 'n']);
  assert.deepEqual(order('DeviceProcessEvents | sort by Timestamp asc'), ['n', 'a', 'b']);
  assert.deepEqual(order('DeviceProcessEvents | order by Timestamp asc nulls last'), ['a', 'b', 'n']);
});

test('take, limit and project variants', () => {
  const rows = [{ FileName: 'a' }, { FileName: 'b' }, { FileName: 'c' }];
  const runOn = (query: string) => runQueryOnRows(compileQuery(query, { tables: tableSchemas, now: 0, lookback: 'apply' }), { DeviceProcessEvents: rows });
  assert.equal(runOn('DeviceProcessEvents | take 2').length, 2);
  assert.equal(runOn('DeviceProcessEvents | limit 1').length, 1);
  assert.deepEqual(Object.keys(runOn('DeviceProcessEvents | project FileName, X = 1 | project-rename Y = X')[0]!), ['FileName', 'Y']);
  assert.deepEqual(Object.keys(runOn('DeviceProcessEvents | project FileName, X = 1 | project-away X')[0]!), ['FileName']);
  assert.deepEqual(runOn('DeviceProcessEvents | count'), [{ Count: 3 }]);
});

test('semantic errors before any row', () => {
  assert.match(compileError('Devices | take 1').message, /unknown table 'Devices'/);
  assert.match(compileError('DeviceProcessEvents | where FileName').message, /needs a bool condition/);
  assert.match(compileError('DeviceProcessEvents | where tolowr(FileName) == "x"').message, /did you mean 'tolower'/);
  assert.match(compileError('DeviceProcessEvents | where strlen() == 1').message, /takes 1 argument/);
  assert.match(compileError('DeviceProcessEvents | where Timestamp > "x"').message, /cannot compare datetime with string/);
  assert.match(compileError('DeviceProcessEvents | wher FileName == "x"').message, /did you mean 'where'/);
  assert.match(compileError('DeviceProcessEvents | where FileName == "x').message, /unterminated string/);
});

test('error positions on later lines', () => {
  const error = compileError('DeviceProcessEvents\n| where FileName == "a"\n| extend x = nosuch');
  assert.equal(error.line, 3);
  assert.equal(error.column, 14);
});

test('invalid datetime literal fails compile', () => {
  const query = 'DeviceProcessEvents\n| where Timestamp > datetime(2026-02-30)';
  const error = compileError(query);
  assert.equal(error.line, 2);
  assert.equal(error.column, 21);
  assert.equal(error.detail, "invalid datetime literal '2026-02-30': day 30 is out of range for February 2026 (1 to 28)");
  assert.match(error.excerpt, /\^{20}/);
  for (const literal of ['2026-13-45', '2026-11-30T25:00:00Z', '2026-11-30T24:00:00Z', '2016-12-31T23:59:60Z', '2026-02-29']) {
    assert.match(compileError(`print d = datetime(${literal})`).detail, /out of range/, literal);
  }
});

test('valid datetime literals compile', () => {
  const rows = runQueryOnRows(compileQuery('print a = datetime(2024-02-29), b = datetime(2026-11-30T10:00:00+05:30), c = datetime(null)', {
    tables: tableSchemas, now: 0, lookback: 'apply',
  }), {});
  assert.equal(rows[0]!.a, Date.UTC(2024, 1, 29));
  assert.equal(rows[0]!.b, Date.UTC(2026, 10, 30, 4, 30));
  assert.equal(rows[0]!.c, null);
});

test('union withsource names each leg', () => {
  const compiled = compileQuery(
    "union withsource=SourceTable DeviceProcessEvents, (DeviceFileEvents | where FileName endswith '.lnk') | project SourceTable, FileName",
    { tables: tableSchemas, now: 0, lookback: 'apply' },
  );
  assert.deepEqual(compiled.columns.map((column) => column.name), ['SourceTable', 'FileName']);
  const rows = runQueryOnRows(compiled, {
    DeviceProcessEvents: [row],
    DeviceFileEvents: [{ FileName: 'Invoice.lnk' }, { FileName: 'notes.txt' }],
  });
  assert.deepEqual(rows, [
    { SourceTable: 'DeviceProcessEvents', FileName: 'run.exe' },
    { SourceTable: 'union_arg1', FileName: 'Invoice.lnk' },
  ]);
  const piped = runQueryOnRows(
    compileQuery('DeviceProcessEvents | union withsource=T DeviceFileEvents | project T', { tables: tableSchemas, now: 0, lookback: 'apply' }),
    { DeviceProcessEvents: [row], DeviceFileEvents: [{ FileName: 'a.lnk' }] },
  );
  assert.deepEqual(piped, [{ T: 'union_arg0' }, { T: 'DeviceFileEvents' }]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, KqlError, runQueryOnRows } from './index.js';
import type { CompiledQuery, LookbackMode } from './index.js';
import { tableSchemas } from '../schema/tables.js';

/** One event written a month before `later`, so any lookback of days excludes it. */
const event = {
  FileName: 'run.exe',
  DeviceName: 'kestrel-pc',
  Timestamp: Date.UTC(2026, 10, 30, 10),
};
/** A clock one hour after the event. */
const soon = Date.UTC(2026, 10, 30, 11);
/** A clock a month after the event. */
const later = Date.UTC(2026, 11, 30);

function compile(query: string, lookback: LookbackMode, now = later): CompiledQuery {
  return compileQuery(query, { tables: tableSchemas, now, lookback });
}

function countRows(compiled: CompiledQuery): number {
  return runQueryOnRows(compiled, { DeviceProcessEvents: [event] }).length;
}

/** Rule lookbacks written with a `let`: the query and the `where` term that is the lookback. */
const letLookbacks: Array<{ query: string; term: string }> = [
  { query: 'let lookback = ago(1d);\nDeviceProcessEvents | where Timestamp > lookback and FileName == "run.exe"', term: 'Timestamp > lookback' },
  { query: 'let start = now() - 1d;\nDeviceProcessEvents | where Timestamp >= start', term: 'Timestamp >= start' },
  { query: 'let lookback = 1d;\nlet t = ago(lookback);\nDeviceProcessEvents | where Timestamp > t', term: 'Timestamp > t' },
  { query: 'let span = 7d;\nlet start = ago(span);\nlet from = start - 1h;\nDeviceProcessEvents | where from < Timestamp', term: 'from < Timestamp' },
  { query: 'let start = ago(7d);\nDeviceProcessEvents | where Timestamp between (start .. now())', term: 'Timestamp between (start .. now())' },
  { query: 'let start = ago(7d);\nlet Recent = DeviceProcessEvents | where Timestamp > start;\nRecent | where FileName == "run.exe"', term: 'Timestamp > start' },
];

for (const { query, term } of letLookbacks) {
  test(`let lookback dropped: ${term}`, () => {
    const compiled = compile(query, 'ignore');
    assert.deepEqual(compiled.ignoredLookback, [term]);
    assert.deepEqual(compiled.wallClockTerms, []);
    assert.equal(countRows(compiled), 1, 'the old event is kept');
  });

  test(`let lookback applied: ${term}`, () => {
    const compiled = compile(query, 'apply');
    assert.deepEqual(compiled.ignoredLookback, []);
    assert.deepEqual(compiled.wallClockTerms, []);
    assert.equal(countRows(compiled), 0, 'a month-old event is outside the lookback');
    assert.equal(countRows(compile(query, 'apply', soon)), 1, 'an hour-old event is inside it');
  });
}

test('inline ago() lookback still dropped', () => {
  const query = 'let lookback = 1d;\nDeviceProcessEvents | where Timestamp > ago(lookback)';
  const ignored = compile(query, 'ignore');
  assert.deepEqual(ignored.ignoredLookback, ['Timestamp > ago(lookback)']);
  assert.deepEqual(ignored.wallClockTerms, []);
  assert.equal(countRows(ignored), 1);
  assert.equal(countRows(compile(query, 'apply')), 0);
  assert.equal(countRows(compile(query, 'apply', soon)), 1);
});

test('column hides a clock let', () => {
  // After the extend, `start` names the column, a copy of the event time.
  const query = 'let start = ago(1d);\nDeviceProcessEvents | extend start = Timestamp | where Timestamp >= start';
  const compiled = compile(query, 'ignore');
  assert.deepEqual(compiled.ignoredLookback, []);
  assert.deepEqual(compiled.wallClockTerms, []);
  assert.equal(countRows(compiled), 1);
});

test('let of a timespan is no lookback', () => {
  const query = 'let window = 1d;\nDeviceProcessEvents | summarize First = min(Timestamp), Last = max(Timestamp) by DeviceName | where Last - First < window';
  const compiled = compile(query, 'ignore');
  assert.deepEqual(compiled.ignoredLookback, []);
  assert.deepEqual(compiled.wallClockTerms, []);
  assert.equal(countRows(compiled), 1);
});

/** Clock reads that 'ignore' cannot drop: the query, the listed text and the row count at `soon` and at `later`. */
const keptClockReads: Array<{ name: string; query: string; listed: string[]; soonRows: number; laterRows: number }> = [
  {
    name: 'or',
    query: 'DeviceProcessEvents | where Timestamp > ago(1d) or FileName == "other.exe"',
    listed: ['Timestamp > ago(1d) or FileName == "other.exe"'],
    soonRows: 1,
    laterRows: 0,
  },
  {
    name: 'or through a let',
    query: 'let lookback = ago(1d);\nDeviceProcessEvents | where FileName == "run.exe" and (Timestamp > lookback or DeviceName == "other")',
    listed: ['Timestamp > lookback or DeviceName == "other"'],
    soonRows: 1,
    laterRows: 0,
  },
  {
    name: 'iff',
    query: 'let start = ago(1d);\nDeviceProcessEvents | extend Recent = iff(Timestamp > start, "yes", "no") | where Recent == "yes"',
    listed: ['iff(Timestamp > start, "yes", "no")'],
    soonRows: 1,
    laterRows: 0,
  },
  {
    name: 'extend',
    query: 'DeviceProcessEvents | extend Age = now() - Timestamp | where Age < 2h',
    listed: ['now() - Timestamp'],
    soonRows: 1,
    laterRows: 0,
  },
  {
    name: 'summarize',
    query: 'DeviceProcessEvents | summarize Recent = countif(Timestamp > ago(1d)) by DeviceName | where Recent > 0',
    listed: ['Timestamp > ago(1d)'],
    soonRows: 1,
    laterRows: 0,
  },
  {
    name: 'not a comparison',
    query: 'DeviceProcessEvents | where not(Timestamp < ago(1d))',
    listed: ['not(Timestamp < ago(1d))'],
    soonRows: 1,
    laterRows: 0,
  },
];

for (const { name, query, listed, soonRows, laterRows } of keptClockReads) {
  test(`wall clock listed: ${name}`, () => {
    const compiled = compile(query, 'ignore', soon);
    assert.deepEqual(compiled.ignoredLookback, []);
    assert.deepEqual(compiled.wallClockTerms, listed);
    assert.equal(countRows(compiled), soonRows, 'evaluated with now one hour after the event');
    assert.equal(countRows(compile(query, 'ignore', later)), laterRows, 'evaluated with now a month after the event');
  });

  test(`wall clock not listed in apply: ${name}`, () => {
    const compiled = compile(query, 'apply', soon);
    assert.deepEqual(compiled.ignoredLookback, []);
    assert.deepEqual(compiled.wallClockTerms, []);
    assert.equal(countRows(compiled), soonRows);
  });
}

test('wall clock terms listed once', () => {
  const query = 'DeviceProcessEvents | extend Age = now() - Timestamp | extend Again = now() - Timestamp | project Age, Again';
  assert.deepEqual(compile(query, 'ignore').wallClockTerms, ['now() - Timestamp']);
});

test('dropped and kept clock reads together', () => {
  const query = 'let lookback = ago(1d);\nDeviceProcessEvents | where Timestamp > lookback | extend Age = now() - Timestamp';
  const compiled = compile(query, 'ignore');
  assert.deepEqual(compiled.ignoredLookback, ['Timestamp > lookback']);
  assert.deepEqual(compiled.wallClockTerms, ['now() - Timestamp']);
  const rows = runQueryOnRows(compiled, { DeviceProcessEvents: [event] });
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.Age, later - event.Timestamp);
});

test('unused clock let not listed', () => {
  const compiled = compile('let lookback = ago(1d);\nDeviceProcessEvents | where FileName == "run.exe"', 'ignore');
  assert.deepEqual(compiled.ignoredLookback, []);
  assert.deepEqual(compiled.wallClockTerms, []);
});

test('dropped lookback term still type-checked', () => {
  const query = 'DeviceProcessEvents | where Timestamp > ago("1d")';
  for (const lookback of ['ignore', 'apply'] as const) {
    assert.throws(() => compile(query, lookback), (error: unknown) => {
      assert.ok(error instanceof KqlError, `expected KqlError in '${lookback}' mode, got ${String(error)}`);
      assert.match(error.detail, /timespan/);
      return true;
    });
  }
});

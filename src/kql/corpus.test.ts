import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, runQueryOnRows } from './index.js';
import { tableSchemas } from '../schema/tables.js';
import { fixtureRows } from './corpus/fixture.js';
import { huntingCases } from './corpus/hunting.js';
import { scalarCases } from './corpus/scalars.js';
import type { CorpusCase } from './corpus/types.js';

const defaultNow = Date.UTC(2026, 11, 1, 12);

/** Runs one corpus query over the fixture rows and returns its columns and rows as arrays. */
export function runCase(entry: CorpusCase): { columns: string[]; rows: unknown[][] } {
  const query = compileQuery(entry.query, { tables: tableSchemas, now: entry.now ?? defaultNow, lookback: 'apply' });
  const columns = query.columns.map((column) => column.name);
  const rows = runQueryOnRows(query, { DeviceProcessEvents: fixtureRows() }).map((row) => columns.map((name) => row[name] ?? null));
  return { columns, rows };
}

const sortedRows = (rows: unknown[][]): string[] => rows.map((row) => JSON.stringify(row)).sort();

test('corpus has at least 150 queries', () => {
  assert.ok(huntingCases.length + scalarCases.length >= 150, `found ${huntingCases.length + scalarCases.length}`);
});

for (const entry of [...huntingCases, ...scalarCases]) {
  test(`corpus: ${entry.query.replace(/\s+/g, ' ')}`, () => {
    const result = runCase(entry);
    assert.deepEqual(result.columns, entry.columns);
    if (entry.ordered) assert.deepEqual(result.rows, entry.rows);
    else assert.deepEqual(sortedRows(result.rows), sortedRows(entry.rows));
  });
}

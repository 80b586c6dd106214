import type { Row } from '../schema/types.js';
import type { CompiledQuery } from './compile/query.js';
import { InputRegistry } from './runtime/inputs.js';

/** Runs a compiled query over in-memory rows of each table and returns the result rows. */
export function runQueryOnRows(query: CompiledQuery, rowsByTable: Record<string, Row[]>): Row[] {
  const inputs = new InputRegistry();
  const results: Row[] = [];
  query.connect({ push: (row) => results.push(row), end: () => {} }, inputs);
  for (const [table, rows] of Object.entries(rowsByTable)) for (const row of rows) inputs.push(table, row);
  inputs.end();
  return results;
}

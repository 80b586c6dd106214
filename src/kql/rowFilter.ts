import type { Row } from '../schema/types.js';
import { tableSchemas } from '../schema/tables.js';
import { compileQuery } from './compile/query.js';
import type { LookbackMode } from './compile/context.js';
import { InputRegistry } from './runtime/inputs.js';

/**
 * Queries as text with the clock they run under: plain data that another thread compiles into
 * the same pipelines, so that it can drop rows before they cross to the thread that runs them.
 */
export interface RowFilterSpec {
  queries: Array<{ text: string; sourceName?: string }>;
  now: number;
  lookback: LookbackMode;
  /** The tables to filter; rows of other tables are always kept. */
  tables: string[];
}

/** Kept per thread: a worker compiles each distinct set of queries once, not once per range. */
const compiled = new Map<string, (table: string, row: Row) => boolean>();

/**
 * Returns a test that is false for a row no query of `spec` could use, because every read of
 * its table starts with `where` terms that reject it (see InputRegistry.accepts). The queries
 * compiled on the reading thread already, so a compile error here is a bug and throws.
 */
export function rowFilter(spec: RowFilterSpec): (table: string, row: Row) => boolean {
  const key = JSON.stringify(spec);
  let test = compiled.get(key);
  if (test === undefined) {
    const inputs = new InputRegistry();
    for (const { text, sourceName } of spec.queries) {
      const query = compileQuery(text, { tables: tableSchemas, now: spec.now, lookback: spec.lookback, sourceName });
      query.connect({ push: () => {}, end: () => {} }, inputs);
    }
    const filtered = new Set(spec.tables);
    test = (table, row) => !filtered.has(table) || inputs.accepts(table, row);
    compiled.set(key, test);
  }
  return test;
}

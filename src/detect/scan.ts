import { InputRegistry } from '../kql/index.js';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readInputs } from '../sources/read.js';
import type { Row } from '../schema/types.js';
import type { Alert } from './alert.js';
import { techniqueFor } from './alert.js';
import type { CompiledRule } from './compileRules.js';
import type { RowFilterSpec } from '../kql/rowFilter.js';

export interface ScanOptions {
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** Called with each normalised row before any rule sees it; it may fill in columns. */
  beforeRow?: (table: string, row: Row) => void;
  /** Tables beforeRow needs even when no rule reads them; rows of other unread tables may be left unbuilt. */
  beforeRowTables?: string[];
  /** Threads that parse EVTX files (see ReadOptions.threads). */
  threads?: number;
}

export interface ScanResult {
  alerts: Alert[];
  diagnostics: ReadDiagnostics;
}

/**
 * Runs every compiled rule over the inputs in one read: each normalised row is pushed to every
 * rule that reads its table. Alerts come out per rule, in the order each query returns them.
 */
export async function scanInputs(rules: CompiledRule[], paths: string[], options: ScanOptions = {}): Promise<ScanResult> {
  const diagnostics = new ReadDiagnostics();
  const inputs = new InputRegistry();
  const alertsByRule: Alert[][] = rules.map(() => []);

  rules.forEach(({ rule, query }, index) => {
    const alerts = alertsByRule[index]!;
    query.connect(
      {
        push: (row) => {
          const category = typeof row.DetectionCategory === 'string' ? row.DetectionCategory : '';
          alerts.push({ rule, category, technique: techniqueFor(rule, category), columns: row, columnTypes: query.columns });
        },
        end: () => {},
      },
      inputs,
    );
  });

  const tables = new Set([...inputs.tables(), ...(options.beforeRowTables ?? [])]);
  const read = { onProgress: options.onProgress, tables, threads: options.threads, rowFilter: rowFilterSpec(rules, options.beforeRowTables ?? []) };
  for await (const batch of readInputs(paths, diagnostics, read)) {
    for (let i = 0; i < batch.length; i++) {
      const { table, row } = batch[i]!;
      if (options.beforeRow) options.beforeRow(table, row);
      inputs.push(table, row);
    }
  }
  inputs.end();
  return { alerts: alertsByRule.flat(), diagnostics };
}

/**
 * Returns the rules as a RowFilterSpec, for EVTX workers to drop rows no rule could use. The
 * tables beforeRow gets are left out because it needs every row of them. A rule set with mixed
 * clocks gets no spec, because one spec has one clock.
 */
function rowFilterSpec(rules: CompiledRule[], beforeRowTables: string[]): RowFilterSpec | undefined {
  const clock = rules[0]?.clock;
  if (clock === undefined || rules.some((rule) => rule.clock.now !== clock.now || rule.clock.lookback !== clock.lookback)) return undefined;
  const inputs = new InputRegistry();
  for (const { query } of rules) query.connect({ push: () => {}, end: () => {} }, inputs);
  const tables = inputs.tables().filter((table) => table !== '' && !beforeRowTables.includes(table));
  if (tables.length === 0) return undefined;
  return { queries: rules.map(({ rule, query }) => ({ text: query.text, sourceName: rule.queryPath })), now: clock.now, lookback: clock.lookback, tables };
}

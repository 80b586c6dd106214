import { InputRegistry } from '../kql/index.js';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readInputs } from '../sources/read.js';
import type { Row } from '../schema/types.js';
import type { Alert } from './alert.js';
import { techniqueFor } from './alert.js';
import type { CompiledRule } from './compileRules.js';

export interface ScanOptions {
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** Called with each normalised row before any rule sees it; it may fill in columns. */
  beforeRow?: (table: string, row: Row) => void;
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

  for await (const batch of readInputs(paths, diagnostics, { onProgress: options.onProgress })) {
    for (let i = 0; i < batch.length; i++) {
      const { table, row } = batch[i]!;
      if (options.beforeRow) options.beforeRow(table, row);
      inputs.push(table, row);
    }
  }
  inputs.end();
  return { alerts: alertsByRule.flat(), diagnostics };
}

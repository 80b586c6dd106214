import { evidenceColumns } from '../detect/evidence.js';
import type { CompiledRule } from '../detect/compileRules.js';
import { didYouMean } from '../kql/suggest.js';
import { ExceptionsError, type AlertException } from './exceptions.js';

/** Columns that de-duplication, lineage, grouping, exceptions and baselines add to an alert. */
export const alertAnnotationColumns = [
  'ProcessChain', 'Sources', 'AlertCount', 'FirstSeen', 'LastSeen', 'SuppressedBy', 'SuppressionReason', 'Baseline', 'FirstSeenOnHost',
] as const;

/**
 * Checks that every column an exception matches on exists for its rule: a column the rule's
 * query returns, a column lurewatch adds to alerts, or a kept column of the source process event.
 * A misspelt column would otherwise read as "" and the entry would silently suppress nothing.
 * Throws ExceptionsError naming the file, the entry's line and the nearest known column.
 */
export function checkExceptionColumns(exceptions: AlertException[], rules: CompiledRule[]): void {
  for (const exception of exceptions) {
    const rule = rules.find((candidate) => candidate.rule.id === exception.rule);
    if (!rule) continue;
    const known = new Set<string>([...rule.query.columns.map((column) => column.name), ...alertAnnotationColumns, ...evidenceColumns, 'DetectionCategory']);
    for (const condition of exception.conditions) {
      if (known.has(condition.column)) continue;
      throw new ExceptionsError(
        exception.source.file,
        `exception '${exception.id}': unknown column '${condition.column}' for rule ${rule.rule.id}${didYouMean(condition.column, known)}; ` +
          'match on a column the rule returns, ProcessChain, Sources, or a process column such as FolderPath',
        condition.position?.line ?? exception.source.line,
        condition.position?.column,
      );
    }
  }
}

import type { ColumnType, Row } from '../schema/types.js';
import type { Alert } from '../detect/alert.js';

/** Rows to print with the type of each column, in order. */
export interface RecordSet {
  columns: Array<{ name: string; type: ColumnType }>;
  rows: Row[];
}

/** Columns that every alert starts with, before the rule's own projected columns. */
const alertColumns: Array<{ name: string; type: ColumnType }> = [
  { name: 'RuleId', type: 'string' },
  { name: 'RuleTitle', type: 'string' },
  { name: 'Severity', type: 'string' },
  { name: 'Confidence', type: 'string' },
  { name: 'AttackTechnique', type: 'string' },
];

/**
 * Flattens alerts into one record set: the rule facts, then the union of the rules' projected
 * columns in first-seen order (a rule that lacks a column leaves it null), then the annotation
 * columns tuning added, also in first-seen order.
 */
export function alertRecords(alerts: Alert[]): RecordSet {
  const columns = [...alertColumns];
  const seen = new Set(columns.map((column) => column.name));
  for (const alert of alerts) {
    for (const column of alert.columnTypes) {
      if (seen.has(column.name)) continue;
      seen.add(column.name);
      columns.push(column);
    }
  }
  for (const alert of alerts) {
    for (const [name, { type }] of Object.entries(alert.annotations ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      columns.push({ name, type });
    }
  }
  const rows = alerts.map((alert) => ({
    RuleId: alert.rule.id,
    RuleTitle: alert.rule.title,
    Severity: alert.rule.severity,
    Confidence: alert.rule.confidence,
    AttackTechnique: alert.technique,
    ...alert.columns,
    ...Object.fromEntries(Object.entries(alert.annotations ?? {}).map(([name, { value }]) => [name, value])),
  }));
  return { columns, rows };
}

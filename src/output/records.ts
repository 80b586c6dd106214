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

/** The columns a run can produce, known before any alert: every loaded rule's and the annotations its options add. */
export interface AlertLayout {
  ruleColumns: Array<Array<{ name: string; type: ColumnType }>>;
  annotations: Array<{ name: string; type: ColumnType }>;
}

/**
 * Flattens alerts into one record set: the rule facts, then the union of the rules' projected
 * columns, then the annotation columns tuning added. With `layout`, the columns are those of
 * every loaded rule and option, whichever rules fired, so CSV headers stay the same from run to
 * run. Without it, they are the alerts' own in first-seen order. A rule that lacks a column
 * leaves it null.
 */
export function alertRecords(alerts: Alert[], layout?: AlertLayout): RecordSet {
  const columns = [...alertColumns];
  const seen = new Set(columns.map((column) => column.name));
  const add = (column: { name: string; type: ColumnType }) => {
    if (seen.has(column.name)) return;
    seen.add(column.name);
    columns.push(column);
  };
  for (const ruleColumns of layout?.ruleColumns ?? []) ruleColumns.forEach(add);
  for (const alert of alerts) alert.columnTypes.forEach(add);
  layout?.annotations.forEach(add);
  for (const alert of alerts) {
    for (const [name, { type }] of Object.entries(alert.annotations ?? {})) add({ name, type });
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

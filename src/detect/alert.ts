import type { ColumnType, Row } from '../schema/types.js';
import type { Rule } from '../rules/rule.js';
import type { ProcessEvidence } from './evidence.js';

/** One result row of a rule, with the rule facts an analyst needs to triage it. */
export interface Alert {
  rule: Rule;
  /** The DetectionCategory column when the query returns one, else "". */
  category: string;
  /** ATT&CK technique or sub-technique for this alert: the category's mapping first, then the rule's. */
  technique: string;
  /** The columns the rule's query projected, in its order. */
  columns: Row;
  columnTypes: Array<{ name: string; type: ColumnType }>;
  /** The process event records behind the alert (several when sources or exports overlap). */
  evidence?: ProcessEvidence[];
  /** Columns that tuning adds after the rule's own (chain, sources, count, suppression, baseline). */
  annotations?: Record<string, { type: ColumnType; value: unknown }>;
}

/** Picks the most specific ATT&CK id for an alert of `rule` in `category`. */
export function techniqueFor(rule: Rule, category: string): string {
  return rule.attack.categories[category]?.subtechnique ?? rule.attack.subtechnique ?? rule.attack.technique;
}

import type { Alert } from '../detect/alert.js';
import type { Row } from '../schema/types.js';
import { conditionText } from './conditions.js';
import { isExpired, type AlertException } from './exceptions.js';

/** Result of applying exceptions to a set of alerts. */
export interface ExceptionOutcome {
  kept: Alert[];
  /** Suppressed alerts, each with SuppressedBy and SuppressionReason columns. */
  suppressed: Alert[];
  /** Alerts suppressed per exception id, for every exception in force (zero included). */
  suppressedById: Map<string, number>;
  /** Expired exceptions, with how many alerts each would have suppressed had it been in force. */
  expired: Array<{ exception: AlertException; wouldSuppress: number }>;
  /** Exceptions naming a rule that was not run. */
  unknownRule: AlertException[];
}

/**
 * Returns the value an exception condition sees for `column`: the rule's projected column, else a
 * column tuning added (ProcessChain, Sources, Baseline, ...), else the column of the source
 * process event record (see evidenceColumns), else "".
 */
export function alertColumn(alert: Alert, column: string): string {
  if (column === 'DetectionCategory' && !(column in alert.columns)) return alert.category;
  if (column in alert.columns) return conditionText(alert.columns[column]);
  const annotation = alert.annotations?.[column];
  if (annotation) return conditionText(annotation.value);
  const evidence: Row | undefined = alert.evidence?.[0]?.columns;
  return evidence && column in evidence ? conditionText(evidence[column]) : '';
}

/** True when every condition of `exception` holds for `alert` and its rule and category match. */
export function exceptionMatches(exception: AlertException, alert: Alert): boolean {
  if (exception.rule !== alert.rule.id) return false;
  if (exception.category !== undefined && exception.category !== alert.category) return false;
  for (let i = 0; i < exception.conditions.length; i++) {
    if (!exception.tests[i]!(alertColumn(alert, exception.conditions[i]!.column))) return false;
  }
  return true;
}

/**
 * Splits alerts into kept and suppressed. The first exception in file order that matches an
 * alert suppresses it and is named on it. An exception past its expires day suppresses nothing;
 * the outcome counts what it would have suppressed so the summary can warn.
 */
export function applyExceptions(alerts: Alert[], exceptions: AlertException[], now: number, ruleIds: string[]): ExceptionOutcome {
  const active = exceptions.filter((exception) => !isExpired(exception, now));
  const expired = exceptions.filter((exception) => isExpired(exception, now)).map((exception) => ({ exception, wouldSuppress: 0 }));
  const suppressedById = new Map(active.map((exception) => [exception.id, 0]));
  const kept: Alert[] = [];
  const suppressed: Alert[] = [];
  for (const alert of alerts) {
    const match = active.find((exception) => exceptionMatches(exception, alert));
    for (const entry of expired) if (exceptionMatches(entry.exception, alert)) entry.wouldSuppress++;
    if (!match) {
      kept.push(alert);
      continue;
    }
    const annotations = (alert.annotations ??= {});
    annotations.SuppressedBy = { type: 'string', value: match.id };
    annotations.SuppressionReason = { type: 'string', value: match.reason };
    suppressedById.set(match.id, suppressedById.get(match.id)! + 1);
    suppressed.push(alert);
  }
  const known = new Set(ruleIds);
  return { kept, suppressed, suppressedById, expired, unknownRule: exceptions.filter((exception) => !known.has(exception.rule)) };
}

/** Summary lines for an exception outcome: counts per exception, expiry and unknown-rule warnings. */
export function exceptionSummaryLines(outcome: ExceptionOutcome, file: string, shown: boolean): string[] {
  const lines: string[] = [];
  const total = outcome.suppressed.length;
  lines.push(`Suppressed by exceptions in ${file}: ${total.toLocaleString('en-US')}${total > 0 && !shown ? ' (list them with --show-suppressed)' : ''}`);
  for (const [id, count] of [...outcome.suppressedById.entries()].sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${count.toLocaleString('en-US').padStart(7)}  ${id}`);
  }
  for (const { exception, wouldSuppress } of outcome.expired) {
    lines.push(
      `warning: exception '${exception.id}' (${exception.source.file}:${exception.source.line}) expired on ${exception.expires} and no longer suppresses; it matches ${wouldSuppress} alert${wouldSuppress === 1 ? '' : 's'} of this scan. Renew or remove it.`,
    );
  }
  for (const exception of outcome.unknownRule) {
    lines.push(`warning: exception '${exception.id}' (${exception.source.file}:${exception.source.line}) names rule '${exception.rule}', which this scan did not run.`);
  }
  return lines;
}

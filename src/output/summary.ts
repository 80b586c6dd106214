import type { Alert } from '../detect/alert.js';
import type { ReadDiagnostics } from '../sources/diagnostics.js';

const number = (n: number) => n.toLocaleString('en-US');

/** Formats a count with its noun in singular or plural: "1 event", "3 events". */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${number(n)} ${n === 1 ? singular : plural}`;
}

const maxReasonLines = 8;
const maxWarningLines = 10;

/** Lists counts by reason, largest first; past a few lines the rest fold into one "other" line. */
function countLines(title: string, counts: Map<string, number>, indent = '  '): string[] {
  if (counts.size === 0) return [];
  const lines = [`${title}:`];
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  for (const [reason, count] of sorted.slice(0, maxReasonLines)) lines.push(`${indent}${number(count).padStart(9)}  ${reason}`);
  const rest = sorted.slice(maxReasonLines);
  if (rest.length > 0) {
    const total = rest.reduce((sum, [, count]) => sum + count, 0);
    lines.push(`${indent}${number(total).padStart(9)}  ${rest.length} other kinds`);
  }
  return lines;
}

export interface ScanSummaryInput {
  diagnostics: ReadDiagnostics;
  alerts: Alert[];
  rules: Array<{ id: string; title: string; ignoredLookback: string[]; wallClockTerms?: string[] }>;
  /** The clock a --now option set, or undefined when lookbacks were not applied. */
  now?: string;
  suppressedNote?: string;
}

/**
 * Renders the summary a scan prints on stderr: what was read, what was skipped and why, alerts
 * per rule and category, and whether rule lookbacks applied.
 */
export function renderScanSummary(input: ScanSummaryInput): string {
  const { diagnostics: diag, alerts } = input;
  const processEvents = diag.rowsByTable.get('DeviceProcessEvents') ?? 0;
  const lines: string[] = [];
  lines.push(`Read ${counted(diag.files, 'file')}: ${counted(diag.eventsRead, 'event')}, ${counted(processEvents, 'process event')} (DeviceProcessEvents).`);
  for (const [table, count] of diag.rowsByTable) if (table !== 'DeviceProcessEvents') lines.push(`  ${counted(count, 'row')} of ${table}`);
  lines.push(...countLines('Events not used by any table', diag.ignoredByReason));
  if (diag.skippedTotal > 0) {
    lines.push(...countLines(`Records skipped (${number(diag.skippedTotal)})`, diag.skippedByReason));
    for (const issue of diag.skippedSamples.slice(0, 5)) lines.push(`    e.g. ${issue.location.file}${issue.location.at ? ` ${issue.location.at}` : ''}: ${issue.reason}`);
  }
  const filesSkipped = (diag as { filesSkippedByReason?: Map<string, number> }).filesSkippedByReason;
  if (filesSkipped && filesSkipped.size > 0) lines.push(...countLines('Files not read', filesSkipped));
  const fileErrors = (diag as { fileErrors?: Array<{ location: { file: string }; reason: string }> }).fileErrors ?? [];
  for (const issue of fileErrors) lines.push(`error: ${issue.location.file}: ${issue.reason}`);
  if (diag.warnings.length > 0) {
    lines.push(`Warnings (${number(diag.warnings.length)}):`);
    for (const issue of diag.warnings.slice(0, maxWarningLines)) lines.push(`  ${issue.location.file}${issue.location.at ? ` ${issue.location.at}` : ''}: ${issue.reason}`);
    if (diag.warnings.length > maxWarningLines) lines.push(`  ... and ${counted(diag.warnings.length - maxWarningLines, 'more warning')}; 'lurewatch dump FILE' lists every warning of an EVTX file`);
  }

  lines.push(`Alerts: ${number(alerts.length)}`);
  const quietRules: string[] = [];
  for (const rule of input.rules) {
    const ruleAlerts = alerts.filter((alert) => alert.rule.id === rule.id);
    if (ruleAlerts.length === 0 && input.rules.length > 1) {
      quietRules.push(rule.id);
      continue;
    }
    lines.push(`  ${number(ruleAlerts.length).padStart(7)}  ${rule.id}  ${rule.title}`);
    const byCategory = new Map<string, number>();
    for (const alert of ruleAlerts) if (alert.category) byCategory.set(alert.category, (byCategory.get(alert.category) ?? 0) + 1);
    for (const [category, count] of [...byCategory.entries()].sort((a, b) => b[1] - a[1])) lines.push(`  ${number(count).padStart(7)}    ${category}`);
  }
  if (quietRules.length > 0) lines.push(`        0  from ${quietRules.length} other rule${quietRules.length === 1 ? '' : 's'}: ${quietRules.join(', ')}`);
  if (input.suppressedNote) lines.push(input.suppressedNote);

  const ignored = input.rules.filter((rule) => rule.ignoredLookback.length > 0);
  if (ignored.length > 0) {
    lines.push('Lookback not applied: every event was evaluated, whatever its time. Pass --now <datetime> to apply it:');
    // Rules of one pack usually share their lookback, so rules with the same terms share a line.
    const rulesByTerms = new Map<string, string[]>();
    for (const rule of ignored) {
      const terms = `where ${rule.ignoredLookback.join(' and ')}`;
      rulesByTerms.set(terms, [...(rulesByTerms.get(terms) ?? []), rule.id]);
    }
    for (const [terms, ids] of rulesByTerms) lines.push(`  ${terms}: ${ids.length > 3 ? `${ids.length} rules` : ids.join(', ')}`);
  } else if (input.now) {
    lines.push(`Clock: now() = ${input.now}; rule lookbacks applied.`);
  }
  // A clock use that could not be dropped (inside or, iff, extend) ran with the current time.
  const clocked = input.rules.filter((rule) => (rule.wallClockTerms ?? []).length > 0);
  if (!input.now && clocked.length > 0) {
    lines.push('These terms read the current time, not the events\' time; pass --now <datetime> to set it:');
    for (const rule of clocked) lines.push(`  ${rule.id}: ${rule.wallClockTerms!.join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

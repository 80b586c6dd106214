import type { Alert } from './alert.js';
import type { EvidenceIndex, ProcessEvidence } from './evidence.js';

/**
 * Ties each alert to the process event records behind it and adds the ProcessChain
 * (grandparent > parent > process) and Sources columns. Chain names that lineage inferred carry
 * a `(inferred)` mark; an unknown grandparent is shown as `?`.
 */
export function attachEvidence(alerts: Alert[], index: EvidenceIndex): void {
  for (const alert of alerts) {
    alert.evidence = index.find(alert.columns);
    annotateEvidence(alert);
  }
}

/** Recomputes the ProcessChain and Sources columns from `alert.evidence`. */
export function annotateEvidence(alert: Alert): void {
  const evidence = alert.evidence ?? [];
  const annotations = (alert.annotations ??= {});
  annotations.ProcessChain = { type: 'string', value: processChain(alert, evidence) };
  annotations.Sources = { type: 'string', value: describeSources(evidence) };
}

function processChain(alert: Alert, evidence: ProcessEvidence[]): string {
  // The record with the most ancestry known gives the chain.
  const best = [...evidence].sort((a, b) => known(b) - known(a))[0];
  const columns = best?.columns ?? alert.columns;
  const name = (column: string): string => {
    const value = typeof columns[column] === 'string' ? (columns[column] as string) : '';
    if (value === '') return '?';
    return best?.inferred.includes(column) ? `${value} (inferred)` : value;
  };
  return `${name('InitiatingProcessParentFileName')} > ${name('InitiatingProcessFileName')} > ${name('FileName')}`;
}

function known(evidence: ProcessEvidence): number {
  let score = 0;
  if (evidence.columns.InitiatingProcessFileName) score += 2;
  if (evidence.columns.InitiatingProcessParentFileName) score += 1;
  return score;
}

/** Renders evidence as `sysmon-1 file:line; security-4688 file#record`, one entry per record. */
export function describeSources(evidence: ProcessEvidence[]): string {
  return evidence
    .map((item) => {
      const where = item.line !== undefined ? `:${item.line}` : item.recordId !== undefined ? `#${item.recordId}` : '';
      return `${item.source} ${item.file}${where}`;
    })
    .join('; ');
}

import type { Alert } from '../detect/alert.js';
import { attachEvidence } from '../detect/context.js';
import { dedupeAlerts } from '../detect/dedupe.js';
import type { EvidenceIndex } from '../detect/evidence.js';
import { groupAlerts } from '../detect/grouping.js';
import type { StateStore } from '../state/store.js';
import { applyExceptions, type ExceptionOutcome } from './apply.js';
import type { AlertException } from './exceptions.js';
import { deviceGroup, launchOf } from './patterns.js';

export interface ReviewOptions {
  evidence: EvidenceIndex;
  exceptions?: AlertException[];
  /** Clock for exception expiry, in milliseconds since epoch. */
  now: number;
  /** Group window in milliseconds; 0 or undefined leaves alerts ungrouped. */
  groupWindow?: number;
  /** Baseline and alert history; undefined for a scan without --baseline. */
  store?: StateStore;
  /** Label of this scan in the alert history. */
  scanLabel?: string;
}

export interface ReviewResult {
  alerts: Alert[];
  suppressed: Alert[];
  /** Alerts the rules returned, before duplicates merged. */
  rawCount: number;
  /** Alerts that were another source's or export's copy of a process already alerted on. */
  duplicatesMerged: number;
  exceptions?: ExceptionOutcome;
  /** Alerts a `baseline: suppress` rule had suppressed because the launch is routine. */
  baselineSuppressed: number;
  /** Alerts whose launch the baseline records as routine, whether suppressed or not. */
  baselineTagged: number;
}

/**
 * Turns the rules' raw alerts into what an analyst reviews: ties each to its records, merges the
 * copies of one process, tags launches the baseline knows and alerts first seen on a host,
 * applies exceptions and `baseline: suppress`, then folds repeats within the group window.
 * Suppressed alerts are kept, each naming what suppressed it.
 */
export function reviewAlerts(raw: Alert[], options: ReviewOptions): ReviewResult {
  attachEvidence(raw, options.evidence);
  const merged = dedupeAlerts(raw);

  let baselineTagged = 0;
  if (options.store) baselineTagged = tagBaseline(merged, options.store, options.scanLabel ?? new Date(options.now).toISOString());

  const outcome = options.exceptions
    ? applyExceptions(merged, options.exceptions, options.now, [...new Set(raw.map((alert) => alert.rule.id))])
    : undefined;
  let kept = outcome ? outcome.kept : merged;
  const suppressed = outcome ? [...outcome.suppressed] : [];

  let baselineSuppressed = 0;
  kept = kept.filter((alert) => {
    const routine = alert.annotations?.Baseline?.value;
    if (alert.rule.extra.baseline !== 'suppress' || typeof routine !== 'string' || !routine.startsWith('routine')) return true;
    alert.annotations!.SuppressedBy = { type: 'string', value: 'baseline' };
    alert.annotations!.SuppressionReason = { type: 'string', value: `rule is marked 'baseline: suppress' and the launch is ${routine}` };
    suppressed.push(alert);
    baselineSuppressed++;
    return false;
  });

  const window = options.groupWindow ?? 0;
  return {
    alerts: window > 0 ? groupAlerts(kept, window) : kept,
    suppressed: window > 0 ? groupAlerts(suppressed, window) : suppressed,
    rawCount: raw.length,
    duplicatesMerged: raw.length - merged.length,
    exceptions: outcome,
    baselineSuppressed,
    baselineTagged,
  };
}

function tagBaseline(alerts: Alert[], store: StateStore, scanLabel: string): number {
  let tagged = 0;
  for (const alert of alerts) {
    const columns = { ...(alert.evidence?.[0]?.columns ?? {}), ...alert.columns };
    const device = typeof columns.DeviceName === 'string' ? columns.DeviceName : '';
    const group = deviceGroup(device);
    const launch = launchOf(columns);
    const known = store.launchInGroup(group, launch);
    const annotations = (alert.annotations ??= {});
    annotations.Baseline = {
      type: 'string',
      value: known ? `routine in ${group} (${known.devices} device${known.devices === 1 ? '' : 's'}, ${known.count} launch${known.count === 1 ? '' : 'es'})` : 'not in baseline',
    };
    if (known) tagged++;
    const time = typeof columns.Timestamp === 'number' ? columns.Timestamp : null;
    const history = store.recordAlert(alert.rule.id, device, launch, time, scanLabel);
    annotations.FirstSeenOnHost = { type: 'bool', value: !history.seenBefore };
  }
  return tagged;
}

import type { Alert } from './alert.js';
import { annotateEvidence } from './context.js';
import type { ProcessEvidence } from './evidence.js';

/**
 * How far apart two records of one process may be in time. Sysmon writes the kernel's UTC
 * creation time and Security 4688 the event time; on hosts with a wrong clock or zone setting the
 * two differ by whole hours, so the window spans a day.
 */
export const defaultDuplicateWindow = 24 * 3600 * 1000;

/**
 * Merges alerts of one rule that describe one process start, seen by several sources (Sysmon 1
 * and Security 4688) or read twice from overlapping exports. Two alerts are one process when they
 * share the rule, the device, the ProcessId, the image (FolderPath, else FileName, ignoring case)
 * and the command line (an empty command line, as 4688 without command-line auditing writes,
 * agrees with any), and their times are within `window` milliseconds. Sysmon records with
 * ProcessGuids agree only when the GUIDs are equal. Without a ProcessId, only records equal in
 * device, time, image and command line merge.
 * NOTE: this assumes a host does not reuse a PID for the same image and command line within the
 * window; two such starts would be reported as one alert with two sources.
 *
 * The merged alert keeps the columns of the record with the most detail (a command line and a
 * parent name beat none), and lists the evidence of all.
 */
export function dedupeAlerts(alerts: Alert[], window = defaultDuplicateWindow): Alert[] {
  const buckets = new Map<string, Alert[]>();
  const result: Alert[] = [];
  for (const alert of alerts) {
    const identity = identityOf(alert);
    const key = `${alert.rule.id}|${identity.device}|${identity.pid ?? `t${identity.time}`}|${identity.image}`;
    const bucket = buckets.get(key) ?? [];
    const match = bucket.find((other) => sameProcess(identityOf(other), identity, window));
    if (match) {
      merge(match, alert);
      continue;
    }
    bucket.push(alert);
    buckets.set(key, bucket);
    result.push(alert);
  }
  for (const alert of result) if (alert.evidence && alert.evidence.length > 1) annotateEvidence(alert);
  return result;
}

interface Identity {
  device: string;
  pid: number | null;
  image: string;
  commandLine: string;
  time: number | null;
  guids: Set<string>;
}

function identityOf(alert: Alert): Identity {
  const evidence: ProcessEvidence | undefined = alert.evidence?.[0];
  const column = (name: string): unknown => (name in alert.columns ? alert.columns[name] : evidence?.columns[name]);
  const text = (name: string): string => (typeof column(name) === 'string' ? (column(name) as string) : '');
  const pid = column('ProcessId');
  const time = column('Timestamp');
  const guids = new Set<string>();
  for (const item of alert.evidence ?? []) if (item.source === 'sysmon-1' && typeof item.columns.ProcessUniqueId === 'string' && item.columns.ProcessUniqueId) guids.add(item.columns.ProcessUniqueId.toLowerCase());
  return {
    device: text('DeviceName').toLowerCase(),
    pid: typeof pid === 'number' ? pid : null,
    image: (text('FolderPath') || text('FileName')).toLowerCase(),
    commandLine: text('ProcessCommandLine').trim(),
    time: typeof time === 'number' ? time : null,
    guids,
  };
}

function sameProcess(a: Identity, b: Identity, window: number): boolean {
  if (a.commandLine !== '' && b.commandLine !== '' && a.commandLine !== b.commandLine) return false;
  if (a.guids.size > 0 && b.guids.size > 0 && ![...a.guids].some((guid) => b.guids.has(guid))) return false;
  if (a.pid === null || b.pid === null) return a.time === b.time && a.commandLine === b.commandLine;
  if (a.time === null || b.time === null) return a.time === b.time;
  return Math.abs(a.time - b.time) <= window;
}

function detail(alert: Alert): number {
  const text = (name: string) => (typeof alert.columns[name] === 'string' ? (alert.columns[name] as string) : '');
  return (text('ProcessCommandLine') ? 2 : 0) + (text('InitiatingProcessFileName') ? 1 : 0);
}

function merge(kept: Alert, other: Alert): void {
  const evidence = [...(kept.evidence ?? []), ...(other.evidence ?? [])];
  if (detail(other) > detail(kept)) {
    kept.columns = other.columns;
    kept.category = other.category;
    kept.technique = other.technique;
  }
  // Identical records read twice (the same file given twice) add nothing to the list.
  const seen = new Set<string>();
  kept.evidence = evidence.filter((item) => {
    const key = `${item.source}|${item.file}|${item.line ?? ''}|${item.recordId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

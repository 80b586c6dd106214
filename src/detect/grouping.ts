import type { Alert } from './alert.js';
import { annotateEvidence } from './context.js';
import { alertColumn } from '../tuning/apply.js';

/**
 * Folds alerts of one rule, device, FileName, FolderPath and InitiatingProcessFileName (each
 * ignoring case, read from the rule's columns or else the process event) that start within `window`
 * milliseconds of the first alert of their group into that first alert, which gets AlertCount,
 * FirstSeen and LastSeen columns and the evidence of all. The window is fixed from the group's
 * first alert, so a steady stream of alerts opens a new group every `window`. Alerts without a
 * Timestamp are never folded. The result is in the input order of each group's first alert.
 */
export function groupAlerts(alerts: Alert[], window: number): Alert[] {
  const byTime = alerts
    .map((alert, order) => ({ alert, order, time: typeof alert.columns.Timestamp === 'number' ? alert.columns.Timestamp : null }))
    .sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.order - b.order);
  const open = new Map<string, { first: number; alert: Alert; count: number; last: number; order: number }>();
  const groups: Array<{ alert: Alert; count: number; first: number | null; last: number | null; order: number }> = [];
  for (const { alert, order, time } of byTime) {
    if (time === null) {
      groups.push({ alert, count: 1, first: null, last: null, order });
      continue;
    }
    // The path and parent are in the key so that a tool started from Downloads by explorer.exe
    // never folds into the installed copy of the same name that services.exe starts.
    const keyColumns = ['DeviceName', 'FileName', 'FolderPath', 'InitiatingProcessFileName'].map((column) => alertColumn(alert, column).toLowerCase());
    const key = JSON.stringify([alert.rule.id, ...keyColumns]);
    const group = open.get(key);
    if (group && time - group.first <= window) {
      group.count++;
      group.last = time;
      group.alert.evidence = [...(group.alert.evidence ?? []), ...(alert.evidence ?? [])];
      continue;
    }
    const created = { first: time, alert, count: 1, last: time, order };
    open.set(key, created);
    groups.push(created);
  }
  return groups
    .sort((a, b) => a.order - b.order)
    .map((group) => {
      const annotations = (group.alert.annotations ??= {});
      annotations.AlertCount = { type: 'long', value: group.count };
      annotations.FirstSeen = { type: 'datetime', value: group.first };
      annotations.LastSeen = { type: 'datetime', value: group.last };
      if (group.count > 1) annotateEvidence(group.alert);
      return group.alert;
    });
}

import type { Alert } from '../detect/alert.js';
import type { CompiledRule } from '../detect/compileRules.js';
import { EvidenceIndex } from '../detect/evidence.js';
import { LineageTracker } from '../detect/lineage.js';
import { scanInputs } from '../detect/scan.js';
import type { Row } from '../schema/types.js';
import type { ReadDiagnostics } from '../sources/diagnostics.js';
import type { StateStore } from '../state/store.js';
import { deviceGroup, launchOf } from './patterns.js';

export interface DetectionOptions {
  /** Infer missing parents and grandparents from earlier events (default true). */
  lineage?: boolean;
  /** Baseline whose launch facts are added to every row's AdditionalFields for rules to use. */
  store?: StateStore;
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
  /** Threads that parse EVTX files (see ReadOptions.threads). */
  threads?: number;
}

export interface DetectionResult {
  alerts: Alert[];
  diagnostics: ReadDiagnostics;
  evidence: EvidenceIndex;
  /** Rows that got a parent or grandparent from an earlier event. */
  inferredRows: number;
}

/** AdditionalFields key: true when the device launched this (parent, file, folder pattern) in the baseline. */
export const launchSeenOnHostKey = 'LurewatchLaunchSeenOnHost';
/** AdditionalFields key: true when some device of the same group launched it in the baseline. */
export const launchRoutineInGroupKey = 'LurewatchLaunchRoutineInGroup';

/**
 * Runs the rules over the inputs with the stages tuning needs between reading and the rules:
 * lineage fills in ancestry, every process event is indexed as evidence, and with a baseline each
 * row is marked with whether its launch is known on its host and in its device group, so a rule
 * can test `AdditionalFields.LurewatchLaunchSeenOnHost == false`.
 */
export async function runDetection(rules: CompiledRule[], paths: string[], options: DetectionOptions = {}): Promise<DetectionResult> {
  const evidence = new EvidenceIndex();
  const lineage = options.lineage === false ? undefined : new LineageTracker();
  const store = options.store;
  const beforeRow = (table: string, row: Row) => {
    if (table !== 'DeviceProcessEvents') return;
    lineage?.observe(row);
    if (store) markLaunch(row, store);
    evidence.add(row);
  };
  const result = await scanInputs(rules, paths, {
    onProgress: options.onProgress,
    beforeRow,
    // Lineage and evidence need every process event, even when no rule reads the table.
    beforeRowTables: ['DeviceProcessEvents'],
    threads: options.threads,
  });
  return { alerts: result.alerts, diagnostics: result.diagnostics, evidence, inferredRows: lineage?.inferredRows ?? 0 };
}

function markLaunch(row: Row, store: StateStore): void {
  let fields = row.AdditionalFields;
  if (fields === null || fields === undefined) fields = row.AdditionalFields = {};
  if (typeof fields !== 'object' || Array.isArray(fields)) return;
  const device = typeof row.DeviceName === 'string' ? row.DeviceName : '';
  const launch = launchOf(row);
  (fields as Record<string, unknown>)[launchSeenOnHostKey] = store.launchOnDevice(device, launch);
  (fields as Record<string, unknown>)[launchRoutineInGroupKey] = store.launchInGroup(deviceGroup(device), launch) !== undefined;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRules } from '../detect/compileRules.js';
import { loadRules } from '../rules/load.js';
import { projectRoot } from '../testing/shared.js';
import { runDetection } from './detection.js';
import { loadExceptions } from './exceptions.js';
import { reviewAlerts, type ReviewOptions } from './review.js';

/** The reference rule, compiled with lookbacks off, for tests. */
export const referenceRules = () =>
  compileRules(loadRules([join(projectRoot, 'rules', 't1204-user-execution.yaml')]), { now: 0, lookback: 'ignore' });

/** The shipped examples/exceptions.yaml. */
export const exampleExceptions = () => loadExceptions(join(projectRoot, 'examples', 'exceptions.yaml'));

/** Writes `rows` (Defender columns) as JSON lines in a new temporary folder and returns the file. */
export function writeRows(name: string, rows: Array<Record<string, unknown>>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lurewatch-tuning-')), name);
  writeFileSync(file, rows.map((row) => JSON.stringify({ ActionType: 'ProcessCreated', ...row })).join('\n') + '\n');
  return file;
}

/** Runs the reference rule over `paths` and reviews the alerts as scan does. */
export async function scanAndReview(paths: string[], options: Omit<ReviewOptions, 'evidence'>) {
  const detection = await runDetection(referenceRules(), paths);
  return { detection, review: reviewAlerts(detection.alerts, { ...options, evidence: detection.evidence }) };
}

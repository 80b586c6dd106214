import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compileRules } from '../detect/compileRules.js';
import { scanInputs } from '../detect/scan.js';
import { loadRules } from '../rules/load.js';
import type { PlantedRow } from './day.js';
import { plantedFileName, sampleFileName, type PlantedFile } from './generate.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const samplePath = join(root, 'samples', sampleFileName);
const planted: PlantedRow[] = (JSON.parse(readFileSync(join(root, 'samples', plantedFileName), 'utf8')) as PlantedFile).planted;

/** Milliseconds of a Defender timestamp, sub-millisecond digits dropped. */
const wholeMs = (iso: string) => Date.parse(`${iso.slice(0, 23)}Z`);

describe('scan of the bundled sample', () => {
  it('raises exactly the planted alerts', async () => {
    const rules = loadRules([join(root, 'rules', 't1204-user-execution.kql')]);
    // The sample day ends at 19:00 UTC, so a clock at 19:00 keeps every row inside ago(24h).
    const compiled = compileRules(rules, { now: Date.UTC(2026, 10, 30, 19), lookback: 'apply' });
    const { alerts, diagnostics } = await scanInputs(compiled, [samplePath]);

    assert.equal(diagnostics.skippedByReason.size, 0, 'no sample row is skipped');
    const key = (device: unknown, ms: number, file: unknown, category: unknown) =>
      `${String(device)}|${ms}|${String(file)}|${String(category)}`;
    const actual = alerts
      .map((a) => key(a.columns.DeviceName, Math.floor(Number(a.columns.Timestamp)), a.columns.FileName, a.category))
      .sort();
    const expected = planted
      .filter((p) => p.alerts)
      .map((p) => key(p.DeviceName, wholeMs(p.Timestamp), p.FileName, p.category))
      .sort();
    assert.deepEqual(actual, expected);
  });
});

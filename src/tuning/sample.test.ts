import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert } from '../detect/alert.js';
import { parseDatetime } from '../kql/datetime.js';
import { projectRoot } from '../testing/shared.js';
import { exceptionMatches } from './apply.js';
import { parseExceptions } from './exceptions.js';
import { proposeExceptions } from './propose.js';
import { renderProposals } from './render.js';
import { exampleExceptions, scanAndReview } from './testing.js';

interface Planted {
  id: string;
  nature: 'attack' | 'benign';
  alerts: boolean;
  DeviceName: string;
  Timestamp: string;
  FileName: string;
}

const sample = join(projectRoot, 'samples', 'office-day.jsonl');
const planted = (JSON.parse(readFileSync(join(projectRoot, 'samples', 'planted.json'), 'utf8')) as { planted: Planted[] }).planted;
const alerting = planted.filter((item) => item.alerts);
const attacks = alerting.filter((item) => item.nature === 'attack');
const benign = alerting.filter((item) => item.nature === 'benign');
const now = Date.UTC(2026, 10, 30, 19, 0, 0);

const key = (device: unknown, time: unknown, file: unknown) => `${String(device).toLowerCase()}|${Math.floor(Number(time))}|${String(file).toLowerCase()}`;
const plantedKey = (item: Planted) => key(item.DeviceName, parseDatetime(item.Timestamp), item.FileName);
const alertKey = (alert: Alert) => key(alert.columns.DeviceName, alert.columns.Timestamp, alert.columns.FileName);

test('sample exceptions keep every planted attack', async () => {
  assert.ok(attacks.length >= 10, 'planted.json lists attacks that alert');
  assert.ok(benign.length >= 10, 'planted.json lists benign alerts');
  const { review } = await scanAndReview([sample], { exceptions: exampleExceptions(), now });
  const kept = new Set(review.alerts.map(alertKey));
  const suppressed = new Map(review.suppressed.map((alert) => [alertKey(alert), alert]));
  for (const attack of attacks) {
    assert.ok(kept.has(plantedKey(attack)), `attack ${attack.id} still alerts`);
    assert.ok(!suppressed.has(plantedKey(attack)), `attack ${attack.id} is not suppressed`);
  }
  for (const item of benign) {
    const alert = suppressed.get(plantedKey(item));
    assert.ok(alert, `benign ${item.id} is suppressed`);
    assert.equal(typeof alert.annotations?.SuppressedBy?.value, 'string', `${item.id} names its exception`);
  }
  assert.equal(review.suppressed.length, benign.length, 'nothing else is suppressed');
  for (const [id, count] of review.exceptions!.suppressedById) assert.ok(count > 0, `example entry ${id} suppresses something in the sample`);
});

test('tune proposals spare planted attacks', async () => {
  const { review } = await scanAndReview([sample], { now });
  const { proposals, groups } = proposeExceptions(review.alerts, { minAlerts: 2, limit: 20, expires: '2027-03-01' });
  assert.ok(proposals.length > 0);
  const attackKeys = new Set(attacks.map(plantedKey));
  const benignKeys = new Set(benign.map(plantedKey));

  // Every group of two or more alerts in the sample is planted benign noise, and gets an entry.
  const recurring = groups.filter((group) => group.alerts.length >= 2);
  assert.equal(proposals.length, recurring.length);
  const covered = new Set<string>();
  for (const { exception, group } of proposals) {
    for (const alert of review.alerts) {
      if (!exceptionMatches(exception, alert)) continue;
      assert.ok(!attackKeys.has(alertKey(alert)), `${exception.id} would suppress the planted attack at ${alertKey(alert)}`);
      covered.add(alertKey(alert));
    }
    for (const alert of group.alerts) assert.ok(benignKeys.has(alertKey(alert)), `${exception.id} groups only planted benign alerts`);
  }
  const recurringBenign = benign.filter((item) => recurring.some((group) => group.alerts.some((alert) => alertKey(alert) === plantedKey(item))));
  assert.ok(recurringBenign.length >= 8, 'the sample repeats most benign launches');
  for (const item of recurringBenign) assert.ok(covered.has(plantedKey(item)), `a proposal covers ${item.id}`);

  // The rendered proposals load as an exceptions file and suppress the same alerts.
  const loaded = parseExceptions(renderProposals(proposals), 'proposed.yaml');
  assert.equal(loaded.length, proposals.length);
  const { review: applied } = await scanAndReview([sample], { exceptions: loaded, now });
  assert.equal(applied.suppressed.length, covered.size);
  for (const alert of applied.alerts) assert.ok(!covered.has(alertKey(alert)));
});

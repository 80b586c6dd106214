import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetPath, missingShared } from '../testing/shared.js';
import { scanAndReview, writeRows } from '../tuning/testing.js';

test('Sysmon and 4688 copies are one alert', async (t) => {
  const folder = datasetPath('Security-Datasets');
  const skip = missingShared(folder);
  if (skip) return t.skip(skip);

  const { review } = await scanAndReview([folder], { now: Date.now() });
  // The reference rule returns each of these processes twice, once per source.
  assert.equal(review.rawCount, 6);
  assert.equal(review.duplicatesMerged, 3);
  const found = review.alerts.map((alert) => `${String(alert.columns.DeviceName)} ${String(alert.columns.FolderPath)}`).sort();
  assert.deepEqual(found, [
    'DC01.pandalab.com C:\\Users\\Administrator\\Desktop\\launcher.exe',
    'MKT01.pandalab.com C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe',
    'Pedro01 C:\\Users\\IT01-Pedro\\Downloads\\payload.exe',
  ]);
  for (const alert of review.alerts) {
    const sources = (alert.evidence ?? []).map((item) => item.source).sort();
    assert.deepEqual(sources, ['security-4688', 'sysmon-1'], `${String(alert.columns.FolderPath)} lists both sources`);
    assert.match(String(alert.annotations?.Sources?.value), /sysmon-1 .+; security-4688 |security-4688 .+; sysmon-1 /);
    assert.ok(alert.columns.ProcessCommandLine, 'the merged alert keeps the record with a command line');
  }
});

const payload = {
  DeviceName: 'ws-fin-03.corp.example', AccountName: 'kestrel', FileName: 'Invoice.exe', FolderPath: 'C:\\Users\\kestrel\\Downloads\\Invoice.exe',
  ProcessCommandLine: '"C:\\Users\\kestrel\\Downloads\\Invoice.exe"', InitiatingProcessFileName: 'explorer.exe',
};

test('overlapping exports give one alert', async () => {
  const first = writeRows('monday.jsonl', [{ ...payload, Timestamp: '2026-11-30T10:00:00Z', ProcessId: 4242 }]);
  const copy = join(mkdtempSync(join(tmpdir(), 'lurewatch-dedupe-')), 'monday-again.jsonl');
  copyFileSync(first, copy);
  const { review } = await scanAndReview([first, copy], { now: Date.now() });
  assert.equal(review.rawCount, 2);
  assert.equal(review.alerts.length, 1);
  assert.deepEqual(review.alerts[0]!.evidence!.map((item) => item.file), [first, copy]);
});

test('PID reuse stays two alerts', async () => {
  const file = writeRows('reuse.jsonl', [
    { ...payload, Timestamp: '2026-11-30T10:00:00Z', ProcessId: 4242 },
    { ...payload, Timestamp: '2026-12-02T10:00:00Z', ProcessId: 4242 },
    { ...payload, Timestamp: '2026-11-30T10:05:00Z', ProcessId: 4242, ProcessCommandLine: '"C:\\Users\\kestrel\\Downloads\\Invoice.exe" /silent' },
  ]);
  const { review } = await scanAndReview([file], { now: Date.now() });
  assert.equal(review.alerts.length, 3, 'two days apart, or another command line, is another process');
});

test('group window folds repeats', async () => {
  const file = writeRows('repeats.jsonl', [
    { ...payload, Timestamp: '2026-11-30T10:00:00Z', ProcessId: 1 },
    { ...payload, Timestamp: '2026-11-30T10:20:00Z', ProcessId: 2 },
    { ...payload, Timestamp: '2026-11-30T10:50:00Z', ProcessId: 3 },
    { ...payload, Timestamp: '2026-11-30T11:30:00Z', ProcessId: 4 },
    { ...payload, Timestamp: '2026-11-30T10:10:00Z', ProcessId: 5, DeviceName: 'ws-fin-04.corp.example' },
  ]);
  const { review } = await scanAndReview([file], { now: Date.now(), groupWindow: 3600 * 1000 });
  const groups = review.alerts
    .map((alert) => `${String(alert.columns.DeviceName)} ${String(alert.annotations?.AlertCount?.value)}`)
    .sort();
  assert.deepEqual(groups, ['ws-fin-03.corp.example 1', 'ws-fin-03.corp.example 3', 'ws-fin-04.corp.example 1']);
  const three = review.alerts.find((alert) => alert.annotations?.AlertCount?.value === 3)!;
  assert.equal(three.annotations?.FirstSeen?.value, Date.UTC(2026, 10, 30, 10, 0, 0));
  assert.equal(three.annotations?.LastSeen?.value, Date.UTC(2026, 10, 30, 10, 50, 0));
  assert.equal(three.evidence?.length, 3);
});

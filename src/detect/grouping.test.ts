import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanAndReview, writeRows } from '../tuning/testing.js';

const hour = 3600 * 1000;
const device = 'ws-sal-01.corp.example';
const itService = {
  DeviceName: device, AccountName: 'system', FileName: 'AnyDesk.exe', FolderPath: 'C:\\Program Files\\AnyDesk\\AnyDesk.exe',
  ProcessCommandLine: '"C:\\Program Files\\AnyDesk\\AnyDesk.exe" --service', InitiatingProcessFileName: 'services.exe',
};
const downloaded = {
  DeviceName: device, AccountName: 'x', FileName: 'AnyDesk.exe', FolderPath: 'C:\\Users\\x\\Downloads\\AnyDesk.exe',
  ProcessCommandLine: '"C:\\Users\\x\\Downloads\\AnyDesk.exe"', InitiatingProcessFileName: 'explorer.exe',
};

test('grouping keeps a look-alike path apart', async () => {
  const file = writeRows('anydesk.jsonl', [
    { ...itService, Timestamp: '2026-11-30T10:00:00Z', ProcessId: 301 },
    { ...downloaded, Timestamp: '2026-11-30T10:05:00Z', ProcessId: 302 },
    { ...itService, Timestamp: '2026-11-30T10:10:00Z', ProcessId: 303 },
  ]);
  const { review } = await scanAndReview([file], { now: Date.now(), groupWindow: hour });
  assert.equal(review.alerts.length, 2, 'the Downloads copy is its own alert');

  const byFolder = new Map(review.alerts.map((alert) => [String(alert.columns.FolderPath ?? alert.evidence?.[0]?.columns.FolderPath), alert]));
  const service = byFolder.get(itService.FolderPath);
  const attack = byFolder.get(downloaded.FolderPath);
  assert.ok(service, 'the service alert is kept');
  assert.ok(attack, 'the Downloads alert is kept');
  assert.equal(service.annotations?.AlertCount?.value, 2);
  assert.equal(service.annotations?.FirstSeen?.value, Date.parse('2026-11-30T10:00:00Z'));
  assert.equal(service.annotations?.LastSeen?.value, Date.parse('2026-11-30T10:10:00Z'));
  assert.equal(attack.annotations?.AlertCount?.value, 1);
  assert.equal(attack.annotations?.FirstSeen?.value, Date.parse('2026-11-30T10:05:00Z'));
});

test('grouping folds repeats ignoring case', async () => {
  const file = writeRows('repeats.jsonl', [
    { ...downloaded, Timestamp: '2026-11-30T10:00:00Z', ProcessId: 401 },
    { ...downloaded, FolderPath: downloaded.FolderPath.toUpperCase(), InitiatingProcessFileName: 'EXPLORER.EXE', Timestamp: '2026-11-30T10:30:00Z', ProcessId: 402 },
    { ...downloaded, InitiatingProcessFileName: 'chrome.exe', Timestamp: '2026-11-30T10:40:00Z', ProcessId: 403 },
    { ...downloaded, Timestamp: '2026-11-30T11:30:00Z', ProcessId: 404 },
  ]);
  const { review } = await scanAndReview([file], { now: Date.now(), groupWindow: hour });
  const groups = review.alerts
    .map((alert) => ({ first: Number(alert.annotations?.FirstSeen?.value), count: alert.annotations?.AlertCount?.value }))
    .sort((a, b) => a.first - b.first)
    .map(({ first, count }) => `${new Date(first).toISOString()} x${String(count)}`);
  assert.deepEqual(groups, [
    '2026-11-30T10:00:00.000Z x2',
    '2026-11-30T10:40:00.000Z x1',
    '2026-11-30T11:30:00.000Z x1',
  ], 'case-only differences fold, another parent and a start after the window do not');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanAndReview } from '../tuning/testing.js';
import { LineageTracker } from './lineage.js';

/** A Security 4688 event in the version 1 layout (no ParentProcessName), as event XML. */
function security4688(recordId: number, time: string, pid: string, image: string, creatorPid: string): string {
  const data: Record<string, string> = {
    SubjectUserSid: 'S-1-5-21-1-2-3-1104', SubjectUserName: 'kestrel', SubjectDomainName: 'CORP', SubjectLogonId: '0x5a3f1',
    NewProcessId: pid, NewProcessName: image, TokenElevationType: '%%1938', ProcessId: creatorPid, CommandLine: '',
  };
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>`
    + `<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>4688</EventID>`
    + `<Version>1</Version><TimeCreated SystemTime='${time}'/><EventRecordID>${recordId}</EventRecordID>`
    + `<Channel>Security</Channel><Computer>WS-LAB-07.corp.example</Computer></System><EventData>`
    + Object.entries(data).map(([name, value]) => `<Data Name='${name}'>${value}</Data>`).join('')
    + `</EventData></Event>`;
}

function writeEvents(events: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lurewatch-lineage-')), 'security.xml');
  writeFileSync(file, `<Events>\n${events.join('\n')}\n</Events>\n`);
  return file;
}

const lure = 'C:\\Users\\kestrel\\Downloads\\Quote_7731.exe';
const explorerStart = security4688(10, '2026-11-30T08:00:00.0000000Z', '0x1a4', 'C:\\Windows\\explorer.exe', '0x3c0');
const lureStart = security4688(20, '2026-11-30T10:00:00.0000000Z', '0x2210', lure, '0x1a4');

test('4688 parent inferred from earlier event', async () => {
  const { review, detection } = await scanAndReview([writeEvents([explorerStart, lureStart])], { now: Date.now() });
  assert.equal(detection.inferredRows, 1);
  assert.equal(review.alerts.length, 1, 'the explorer branch fires on the inferred parent');
  const alert = review.alerts[0]!;
  assert.equal(alert.columns.FolderPath, lure);
  assert.equal(alert.columns.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(alert.columns.ProcessCommandLine, '');
  assert.equal(alert.annotations?.ProcessChain?.value, '? > explorer.exe (inferred) > Quote_7731.exe');
  assert.deepEqual(alert.evidence![0]!.inferred, ['InitiatingProcessFileName', 'InitiatingProcessFolderPath', 'InitiatingProcessCreationTime', 'InitiatingProcessParentId']);
  assert.equal(alert.evidence![0]!.columns.InitiatingProcessParentId, 0x3c0, 'the creator of explorer.exe is known by PID only');
});

test('4688 without the earlier event stays unknown', async () => {
  const { review, detection } = await scanAndReview([writeEvents([lureStart])], { now: Date.now() });
  assert.equal(detection.inferredRows, 0);
  assert.equal(review.alerts.length, 0, 'no parent name, so the explorer branch does not fire');
});

test('4688 parent started after the child is not used', async () => {
  const lateExplorer = security4688(30, '2026-11-30T11:00:00.0000000Z', '0x1a4', 'C:\\Windows\\explorer.exe', '0x3c0');
  const { review } = await scanAndReview([writeEvents([lateExplorer, lureStart])], { now: Date.now() });
  assert.equal(review.alerts.length, 0, 'PID 0x1a4 started after the child, so it is another process');
});

test('reused PID picks the latest earlier start', () => {
  const tracker = new LineageTracker();
  const row = (fields: Record<string, unknown>): Record<string, unknown> => ({ DeviceName: 'WS-1', AdditionalFields: { LurewatchSource: 'security-4688' }, InitiatingProcessFileName: '', ...fields });
  tracker.observe(row({ ProcessId: 500, FileName: 'notepad.exe', FolderPath: 'C:\\Windows\\notepad.exe', Timestamp: 1000, InitiatingProcessFileName: 'cmd.exe' }));
  tracker.observe(row({ ProcessId: 500, FileName: 'explorer.exe', FolderPath: 'C:\\Windows\\explorer.exe', Timestamp: 5000, InitiatingProcessFileName: 'userinit.exe' }));
  const child = row({ ProcessId: 900, InitiatingProcessId: 500, FileName: 'a.exe', Timestamp: 9000 });
  tracker.observe(child);
  assert.equal(child.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(child.InitiatingProcessParentFileName, 'userinit.exe');
  assert.equal((child.AdditionalFields as Record<string, unknown>).LurewatchInferredFrom, 'ProcessId+CreationTime');

  const otherHost: Record<string, unknown> = { ...row({ ProcessId: 901, InitiatingProcessId: 500, FileName: 'b.exe', Timestamp: 9000 }), DeviceName: 'WS-2' };
  tracker.observe(otherHost);
  assert.equal(otherHost.InitiatingProcessFileName, '', 'another host never lends its processes');
});

test('Sysmon grandparent found by ProcessGuid', () => {
  const tracker = new LineageTracker();
  const sysmon = (fields: Record<string, unknown>): Record<string, unknown> => ({ DeviceName: 'WS-1', AdditionalFields: { LurewatchSource: 'sysmon-1' }, ...fields });
  tracker.observe(sysmon({ ProcessUniqueId: '{a}', ProcessId: 10, FileName: 'WINWORD.EXE', InitiatingProcessFileName: 'OUTLOOK.EXE', Timestamp: 100 }));
  // Same PID, later start, different GUID: a PID-only lookup would pick this one.
  tracker.observe(sysmon({ ProcessUniqueId: '{b}', ProcessId: 10, FileName: 'WINWORD.EXE', InitiatingProcessFileName: 'explorer.exe', Timestamp: 150 }));
  const child = sysmon({ ProcessUniqueId: '{c}', InitiatingProcessUniqueId: '{a}', ProcessId: 11, InitiatingProcessId: 10, FileName: 'powershell.exe', InitiatingProcessFileName: 'WINWORD.EXE', Timestamp: 200 });
  tracker.observe(child);
  assert.equal(child.InitiatingProcessParentFileName, 'OUTLOOK.EXE');
  assert.equal((child.AdditionalFields as Record<string, unknown>).LurewatchInferredFrom, 'ProcessGuid');
});

test('query infers the parent as scan does', async () => {
  const { spawnSync } = await import('node:child_process');
  const { projectRoot } = await import('../testing/shared.js');
  const cli = join(projectRoot, 'dist', 'cli', 'main.js');
  const file = writeEvents([explorerStart, lureStart]);
  const rule = join(projectRoot, 'rules', 't1204-user-execution.kql');
  const withLineage = spawnSync(process.execPath, [cli, 'query', '--query-file', rule, file, '--format', 'jsonl'], { encoding: 'utf8' });
  assert.equal(withLineage.status, 0, withLineage.stderr);
  const rows = withLineage.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].InitiatingProcessFileName, 'explorer.exe');
  const without = spawnSync(process.execPath, [cli, 'query', '--query-file', rule, file, '--format', 'jsonl', '--no-lineage'], { encoding: 'utf8' });
  assert.equal(without.stdout, '');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRules } from './compileRules.js';
import { scanInputs } from './scan.js';
import { loadRules } from '../rules/load.js';
import { datasetPath, missingShared, projectRoot } from '../testing/shared.js';
import { join } from 'node:path';

const referenceRules = () => compileRules(loadRules([join(projectRoot, 'rules', 't1204-user-execution.yaml')]), { now: 0, lookback: 'ignore' });

test('reference rule on Security-Datasets', async (t) => {
  const folder = datasetPath('Security-Datasets');
  const skip = missingShared(folder);
  if (skip) return t.skip(skip);

  const { alerts, diagnostics } = await scanInputs(referenceRules(), [folder]);
  const found = alerts
    .map((alert) => {
      const source = (alert.columns as Record<string, unknown>).FolderPath;
      return `${alert.columns.DeviceName} ${alert.category} ${String(source)}`;
    })
    .sort();
  // Each process is logged twice, as Sysmon 1 and as Security 4688, so each appears twice here.
  const expected = [
    'DC01.pandalab.com Executable Launched from User-Writable Directory C:\\Users\\Administrator\\Desktop\\launcher.exe',
    'DC01.pandalab.com Executable Launched from User-Writable Directory C:\\Users\\Administrator\\Desktop\\launcher.exe',
    'MKT01.pandalab.com Executable Launched from User-Writable Directory C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe',
    'MKT01.pandalab.com Executable Launched from User-Writable Directory C:\\Users\\stevie.marie\\Downloads\\winx64_payload.exe',
    'Pedro01 Executable Launched from User-Writable Directory C:\\Users\\IT01-Pedro\\Downloads\\payload.exe',
    'Pedro01 Executable Launched from User-Writable Directory C:\\Users\\IT01-Pedro\\Downloads\\payload.exe',
  ];
  assert.deepEqual(found, expected);
  assert.ok(diagnostics.rowsByTable.get('DeviceProcessEvents')! > 1000, 'process events were read');
});

test('reference rule silent on files without a lure', async (t) => {
  const quiet = [
    'Security-Datasets/datasets/atomic/windows/defense_evasion/host/psh_mshta_html_application_execution_2020-10-2203521411.json',
    'Security-Datasets/datasets/atomic/windows/execution/host/empire_launcher_vbs_2020-09-04160940.json',
    'Security-Datasets/datasets/atomic/windows/lateral_movement/host/schtask_create_2020-12-1907003032.json',
    'Security-Datasets/datasets/atomic/windows/other/aptsimulator_cobaltstrike_2021-06-11T21081492.json',
  ].map((path) => datasetPath(path));
  const skip = quiet.map(missingShared).find((message) => message);
  if (skip) return t.skip(skip);
  for (const file of quiet) {
    const { alerts, diagnostics } = await scanInputs(referenceRules(), [file]);
    assert.equal(alerts.length, 0, `${file}: ${alerts.map((alert) => alert.columns.FolderPath).join(', ')}`);
    assert.ok((diagnostics.rowsByTable.get('DeviceProcessEvents') ?? 0) > 0, `${file} has process events`);
  }
});

test('sources agree on N4 child and parent', async () => {
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const folder = mkdtempSync(join(tmpdir(), 'lurewatch-n4-'));
  const ecs = join(folder, 'ecs.jsonl');
  writeFileSync(
    ecs,
    JSON.stringify({
      '@timestamp': '2026-11-30T10:00:00Z',
      event: { category: ['process'], type: ['start'] },
      host: { name: 'WS-LAB-07' },
      process: {
        executable: 'C:\\Windows\\System32\\cmd.exe',
        name: 'cmd.exe',
        command_line: 'cmd.exe /c echo hi',
        parent: { executable: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', name: 'EXCEL.EXE', command_line: '"EXCEL.EXE" /dde' },
      },
    }) + '\n',
  );
  const record = {
    time: '2026-11-30T10:00:00Z',
    category: 'AdvancedHunting-DeviceProcessEvents',
    operationName: 'Publish',
    properties: {
      Timestamp: '2026-11-30T10:00:00Z',
      FileName: 'cmd.exe',
      FolderPath: 'C:\\Windows\\System32\\cmd.exe',
      ProcessCommandLine: 'cmd.exe /c echo hi',
      InitiatingProcessFileName: 'EXCEL.EXE',
      DeviceName: 'WS-LAB-07',
    },
  };
  const single = join(folder, 'stream-line.json');
  writeFileSync(single, JSON.stringify(record) + '\n');
  const wrapped = join(folder, 'stream-wrapped.json');
  writeFileSync(wrapped, JSON.stringify({ records: [record] }, null, 2));

  for (const file of [ecs, single, wrapped]) {
    const { alerts } = await scanInputs(referenceRules(), [file]);
    assert.equal(alerts.length, 1, file);
    assert.equal(alerts[0]!.category, 'Office/Browser Shell Spawn', file);
    assert.equal(alerts[0]!.columns.ProcessCommandLine, 'cmd.exe /c echo hi', file);
    assert.equal(alerts[0]!.columns.InitiatingProcessFileName, 'EXCEL.EXE', file);
  }
});

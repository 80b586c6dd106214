import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deviceProcessEventsColumns } from '../schema/deviceProcessEvents.js';
import type { PlantedRow } from './day.js';
import { plantedFileName, sampleFileName, writeSample, type PlantedFile } from './generate.js';
import { categories } from './planted.js';
import { has, referenceRuleCategory } from './referenceRule.testutil.js';

const samplesDir = fileURLToPath(new URL('../../samples/', import.meta.url));
const committedJsonl = readFileSync(join(samplesDir, sampleFileName), 'utf8');
const committedPlanted = readFileSync(join(samplesDir, plantedFileName), 'utf8');
const rows: Array<Record<string, unknown>> = committedJsonl.trimEnd().split('\n').map((line) => JSON.parse(line));
const planted: PlantedRow[] = (JSON.parse(committedPlanted) as PlantedFile).planted;
const columnTypes = new Map(deviceProcessEventsColumns.map(([name, type]) => [name, type]));
const rowKey = (deviceName: unknown, reportId: unknown) => `${String(deviceName)}|${String(reportId)}`;

describe('bundled sample', () => {
  it('regenerates byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lurewatch-sample-'));
    try {
      writeSample(dir);
      const sha = (text: string) => createHash('sha256').update(text).digest('hex');
      assert.equal(sha(readFileSync(join(dir, sampleFileName), 'utf8')), sha(committedJsonl), `${sampleFileName} differs from a fresh run: run npm run generate-sample and commit the result`);
      assert.equal(readFileSync(join(dir, plantedFileName), 'utf8'), committedPlanted, `${plantedFileName} differs from a fresh run`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds tens of thousands of rows of a working day', () => {
    assert.ok(rows.length >= 15_000, `only ${rows.length} rows`);
    const devices = new Set(rows.map((r) => r.DeviceName));
    assert.equal(devices.size, 20);
    assert.ok(String(rows[0]!.Timestamp) >= '2026-11-30T07:00:00');
    assert.ok(String(rows[rows.length - 1]!.Timestamp) < '2026-11-30T19:00:00');
  });

  it('rows use schema columns and types', () => {
    const datetime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;
    rows.forEach((row, index) => {
      for (const [name, value] of Object.entries(row)) {
        const type = columnTypes.get(name);
        assert.ok(type, `line ${index + 1}: ${name} is not a DeviceProcessEvents column`);
        if (type === 'string') assert.equal(typeof value, 'string', `line ${index + 1}: ${name}`);
        else if (type === 'long') assert.ok(Number.isSafeInteger(value), `line ${index + 1}: ${name} = ${String(value)}`);
        else if (type === 'datetime') assert.match(String(value), datetime, `line ${index + 1}: ${name}`);
        else assert.fail(`line ${index + 1}: the generator does not write ${type} column ${name}`);
        assert.notEqual(value, '', `line ${index + 1}: empty ${name} should be left out`);
      }
    });
  });

  it('rows carry Defender value formats', () => {
    rows.forEach((row, index) => {
      const where = `line ${index + 1}`;
      assert.equal(row.ActionType, 'ProcessCreated', where);
      assert.match(String(row.DeviceId), /^[0-9a-f]{40}$/, where);
      assert.match(String(row.DeviceName), /^[a-z0-9-]+\.corp\.example$/, where);
      assert.match(String(row.SHA1), /^[0-9a-f]{40}$/, where);
      assert.match(String(row.SHA256), /^[0-9a-f]{64}$/, where);
      assert.match(String(row.MD5), /^[0-9a-f]{32}$/, where);
      assert.ok(String(row.FolderPath).endsWith(`\\${String(row.FileName)}`), `${where}: FolderPath ends with FileName`);
      assert.equal(Number(row.ProcessId) % 4, 0, `${where}: Windows PIDs are multiples of 4`);
      assert.ok(String(row.ProcessCreationTime) <= String(row.Timestamp), `${where}: created after its event`);
      assert.match(String(row.ProcessIntegrityLevel), /^(Low|Medium|High|System)$/, where);
      assert.match(String(row.ProcessTokenElevation), /^TokenElevationType(Default|Full|Limited)$/, where);
    });
  });

  it('rows are in time order with unique ReportIds', () => {
    const seen = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) assert.ok(String(rows[i - 1]!.Timestamp) <= String(rows[i]!.Timestamp), `line ${i + 1} is out of order`);
      const key = rowKey(rows[i]!.DeviceName, rows[i]!.ReportId);
      assert.ok(!seen.has(key), `line ${i + 1}: ReportId repeats on its device`);
      seen.add(key);
    }
  });

  it('process trees are consistent', () => {
    // Each parent is an earlier row of the same device, found by PID plus creation time (PIDs
    // alone are reused on Windows), or the kernel's System process (PID 4), the root of every tree.
    const earlier = new Map<string, Record<string, unknown>>();
    const procKey = (device: unknown, pid: unknown, created: unknown) => `${String(device)}|${String(pid)}|${String(created)}`;
    let rooted = 0;
    rows.forEach((row, index) => {
      const where = `line ${index + 1} (${String(row.DeviceName)} ${String(row.FileName)})`;
      const parent = earlier.get(procKey(row.DeviceName, row.InitiatingProcessId, row.InitiatingProcessCreationTime));
      if (parent) {
        assert.equal(row.InitiatingProcessFileName, parent.FileName, where);
        assert.equal(row.InitiatingProcessFolderPath, String(parent.FolderPath).toLowerCase(), where);
        assert.equal(row.InitiatingProcessCommandLine, parent.ProcessCommandLine, where);
        assert.equal(row.InitiatingProcessSHA1, parent.SHA1, where);
        assert.equal(row.InitiatingProcessAccountSid, parent.AccountSid, where);
        assert.equal(row.InitiatingProcessParentId, parent.InitiatingProcessId, where);
        assert.equal(row.InitiatingProcessParentFileName, parent.InitiatingProcessFileName, where);
        assert.equal(row.InitiatingProcessParentCreationTime, parent.InitiatingProcessCreationTime, where);
        assert.ok(String(parent.Timestamp) <= String(row.ProcessCreationTime), `${where}: child created before its parent's event`);
      } else {
        assert.equal(row.InitiatingProcessId, 4, `${where}: parent not found among earlier rows`);
        assert.equal(row.InitiatingProcessFileName, 'ntoskrnl.exe', where);
        assert.equal(row.FileName, 'smss.exe', where);
        rooted++;
      }
      earlier.set(procKey(row.DeviceName, row.ProcessId, row.ProcessCreationTime), row);
    });
    assert.equal(rooted, 20, 'one boot (smss.exe under System) per device');
  });

  it('every planted row is in the sample as recorded', () => {
    const byKey = new Map(rows.map((row) => [rowKey(row.DeviceName, row.ReportId), row]));
    const ids = new Set<string>();
    for (const entry of planted) {
      assert.ok(!ids.has(entry.id), `planted id ${entry.id} repeats`);
      ids.add(entry.id);
      const row = byKey.get(rowKey(entry.DeviceName, entry.ReportId));
      assert.ok(row, `planted row ${entry.id} not found`);
      for (const column of ['Timestamp', 'ProcessId', 'AccountName', 'FileName', 'FolderPath', 'ProcessCommandLine', 'InitiatingProcessFileName'] as const) {
        assert.equal(row[column] ?? '', entry[column], `${entry.id}: ${column}`);
      }
      assert.equal(entry.alerts, entry.category !== null, `${entry.id}: alerts and category disagree`);
    }
  });

  it('planted rows cover every category, false-positive class and near miss', () => {
    const alerting = planted.filter((p) => p.alerts);
    for (const category of Object.values(categories)) {
      assert.ok(alerting.some((p) => p.category === category && p.nature === 'attack'), `no planted attack in ${category}`);
    }
    for (const fpClass of ['it-remote-tool', 'developer-tool', 'finance-macro', 'roaming-helper']) {
      assert.ok(alerting.some((p) => p.falsePositiveClass === fpClass && p.nature === 'benign'), `no benign alert of class ${fpClass}`);
    }
    for (const tuningCase of ['T1a', 'T1c', 'T2']) {
      assert.ok(planted.some((p) => p.tuningCase === tuningCase), `no row for tuning case ${tuningCase}`);
    }
    for (const name of ['Zoom.exe', 'setup.exe', 'Teams.exe']) {
      assert.ok(planted.some((p) => p.FileName === name && !p.alerts), `no near miss for ${name}`);
    }
  });

  it('reference rule logic alerts only on planted rows', () => {
    const expected = new Map(planted.filter((p) => p.alerts).map((p) => [rowKey(p.DeviceName, p.ReportId), p.category]));
    const actual = new Map<string, string>();
    for (const row of rows) {
      const category = referenceRuleCategory(row);
      if (category) actual.set(rowKey(row.DeviceName, row.ReportId), category);
    }
    assert.deepEqual([...actual].sort(), [...expected].sort());
  });

  it('has matches whole terms as KQL does', () => {
    assert.equal(has('C:\\Windows\\System32\\cmd.exe', 'cmd.exe'), true);
    assert.equal(has('C:\\Tools\\xcmd.exe', 'cmd.exe'), false);
    assert.equal(has('TeamViewer_Service.exe', 'teamviewer.exe'), false);
    assert.equal(has('C:\\USERS\\A\\DOWNLOADS\\X.EXE', '\\Downloads\\'), true);
    assert.equal(has('msedgewebview2.exe', 'msedge.exe'), false);
  });
});

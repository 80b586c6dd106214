import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { Row } from '../types.js';
import { deviceProcessEventsColumns } from '../deviceProcessEvents.js';
import { normalizeWindowsEvent } from './windowsEvent.js';
import { normalizeEcsEvent } from './ecs.js';
import { normalizeDefenderRow } from './defenderRow.js';
import { parseDatetime } from './datetime.js';
import { parseId, splitHashes } from './fields.js';

const origin = { file: 'fixture.xml', line: 7 };

function sysmon(data: Record<string, string>): WindowsEvent {
  return {
    provider: 'Microsoft-Windows-Sysmon', eventId: 1, version: 5, channel: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'WS-LAB-07.corp.example', timeCreated: Date.UTC(2026, 10, 30, 10, 0, 1), recordId: 4711, data,
  };
}

function security(data: Record<string, string>, version = 2): WindowsEvent {
  return {
    provider: 'Microsoft-Windows-Security-Auditing', eventId: 4688, version, channel: 'Security',
    computer: 'WS-LAB-07.corp.example', timeCreated: Date.UTC(2026, 10, 30, 10, 0, 2), recordId: 99, data,
  };
}

function rowOf(result: ReturnType<typeof normalizeWindowsEvent>): Row {
  assert.equal(typeof result, 'object', `expected a row, got the ignore reason "${String(result)}"`);
  const tableRow = result as Exclude<typeof result, string>;
  assert.equal(tableRow.table, 'DeviceProcessEvents');
  return tableRow.row;
}

test('N1: 4688 ids are hex with 0x', () => {
  const row = rowOf(normalizeWindowsEvent(security({
    NewProcessId: '0x1c10', ProcessId: '0xc18', SubjectLogonId: '0x3e7', NewProcessName: 'C:\\Windows\\System32\\cmd.exe',
  }), origin));
  assert.equal(row.ProcessId, 7184);
  assert.equal(row.InitiatingProcessId, 3096);
  assert.equal(row.LogonId, 999);
});

test('N1: Sysmon ids are decimal, LogonId hex', () => {
  const row = rowOf(normalizeWindowsEvent(sysmon({
    ProcessId: '7184', ParentProcessId: '3096', LogonId: '0x3e7', Image: 'C:\\Windows\\System32\\cmd.exe',
  }), origin));
  assert.equal(row.ProcessId, 7184);
  assert.equal(row.InitiatingProcessId, 3096);
  assert.equal(row.LogonId, 999);
});

test('parseId reads hex only with 0x', () => {
  assert.equal(parseId('7184'), 7184);
  assert.equal(parseId('0x1C10'), 7184);
  assert.equal(parseId('0x00000ea0'), 3744);
  assert.equal(parseId('1c10'), null);
  assert.equal(parseId(''), null);
  assert.equal(parseId('-'), null);
});

for (const placeholder of ['-', '?']) {
  test(`N2: placeholder ${placeholder} becomes empty`, () => {
    const row = rowOf(normalizeWindowsEvent(sysmon({
      Image: 'C:\\Users\\kestrel\\Desktop\\setup.exe', ParentImage: placeholder, ParentCommandLine: placeholder,
      ParentProcessGuid: '', OriginalFileName: placeholder, RuleName: placeholder, ProcessId: '100',
    }), origin));
    assert.equal(row.InitiatingProcessFileName, '');
    assert.equal(row.InitiatingProcessFolderPath, '');
    assert.equal(row.InitiatingProcessCommandLine, '');
    assert.equal(row.ProcessVersionInfoOriginalFileName, '');
    assert.equal(row.InitiatingProcessUniqueId, '');
    assert.equal(row.FileName, 'setup.exe');
    assert.equal(row.FolderPath, 'C:\\Users\\kestrel\\Desktop\\setup.exe');
    assert.equal((row.AdditionalFields as Record<string, unknown>).RuleName, undefined);
  });
}

test('N3: old and new Sysmon schema agree', () => {
  const common = {
    UtcTime: '2026-11-30 10:00:00.123', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: '4242',
    Image: 'C:\\Users\\kestrel\\AppData\\Roaming\\vpnx\\vpnx.exe', CommandLine: '"C:\\Users\\kestrel\\AppData\\Roaming\\vpnx\\vpnx.exe" /connect',
    CurrentDirectory: 'C:\\Users\\kestrel\\', User: 'CORP\\kestrel', LogonId: '0x5a3f1', TerminalSessionId: '1',
    IntegrityLevel: 'Medium',
    Hashes: 'SHA1=0A1B2C3D4E5F60718293A4B5C6D7E8F901234567,MD5=00112233445566778899AABBCCDDEEFF,'
      + 'SHA256=AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899,IMPHASH=FFEEDDCCBBAA99887766554433221100',
    ParentProcessGuid: '{11111111-2222-3333-4444-666666666666}', ParentProcessId: '3096',
    ParentImage: 'C:\\Windows\\explorer.exe', ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
  };
  const old = rowOf(normalizeWindowsEvent(sysmon(common), origin));
  const current = rowOf(normalizeWindowsEvent(sysmon({
    RuleName: '-', ...common, FileVersion: '2.1.0', Description: 'VPN X', Product: 'VPN X', Company: 'VPNX Ltd',
    OriginalFileName: 'vpnx.exe', ParentUser: 'CORP\\kestrel',
  }), origin));
  for (const column of ['FolderPath', 'FileName', 'ProcessCommandLine', 'InitiatingProcessFolderPath', 'SHA256', 'SHA1', 'MD5']) {
    assert.equal(current[column], old[column], column);
  }
  assert.equal(old.FolderPath, 'C:\\Users\\kestrel\\AppData\\Roaming\\vpnx\\vpnx.exe');
  assert.equal(old.FileName, 'vpnx.exe');
  assert.equal(old.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(old.SHA256, 'AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899');
  assert.equal(old.AccountDomain, 'CORP');
  assert.equal(old.AccountName, 'kestrel');
  assert.equal(old.Timestamp, Date.UTC(2026, 10, 30, 10, 0, 0, 123));
  assert.equal(current.ProcessVersionInfoCompanyName, 'VPNX Ltd');
  assert.equal(current.InitiatingProcessAccountName, 'kestrel');
  const extra = current.AdditionalFields as Record<string, unknown>;
  assert.equal(extra.FileVersion, '2.1.0');
  assert.equal(extra.IMPHASH, 'FFEEDDCCBBAA99887766554433221100');
  assert.equal(extra.ProcessGuid, '{11111111-2222-3333-4444-555555555555}');
  assert.equal(extra.LurewatchSource, 'sysmon-1');
  assert.equal(extra.LurewatchRecordId, 4711);
  assert.equal(extra.LurewatchLine, 7);
  assert.equal(current.ProcessUniqueId, '{11111111-2222-3333-4444-555555555555}');
});

test('N4: ECS process start keeps child and parent', () => {
  const doc = JSON.parse('{"@timestamp":"2026-11-30T10:00:00Z","event":{"category":["process"],"type":["start"]},"host":{"name":"WS-LAB-07"},'
    + '"process":{"executable":"C:\\\\Windows\\\\System32\\\\cmd.exe","name":"cmd.exe","command_line":"cmd.exe /c echo hi",'
    + '"parent":{"executable":"C:\\\\Program Files\\\\Microsoft Office\\\\root\\\\Office16\\\\EXCEL.EXE","name":"EXCEL.EXE","command_line":"\\"EXCEL.EXE\\" /dde"}}}');
  const row = rowOf(normalizeEcsEvent(doc, origin));
  assert.equal(row.ProcessCommandLine, 'cmd.exe /c echo hi');
  assert.equal(row.InitiatingProcessFileName, 'EXCEL.EXE');
  assert.equal(row.FileName, 'cmd.exe');
  assert.equal(row.FolderPath, 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(row.InitiatingProcessFolderPath, 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE');
  assert.equal(row.InitiatingProcessCommandLine, '"EXCEL.EXE" /dde');
  assert.equal(row.DeviceName, 'WS-LAB-07');
  assert.equal(row.Timestamp, Date.UTC(2026, 10, 30, 10, 0, 0));
});

test('ECS with dotted keys reads the same', () => {
  const row = rowOf(normalizeEcsEvent({
    '@timestamp': '2026-11-30T10:00:00Z', 'event.category': 'process', 'event.type': 'start',
    'process.executable': 'C:\\Windows\\System32\\cmd.exe', 'process.parent.name': 'EXCEL.EXE',
  }, origin));
  assert.equal(row.FileName, 'cmd.exe');
  assert.equal(row.InitiatingProcessFileName, 'EXCEL.EXE');
});

test('ECS events other than process start are ignored', () => {
  const reason = normalizeEcsEvent({ event: { category: ['network'], type: ['connection'] } }, origin);
  assert.equal(typeof reason, 'string');
  const end = normalizeEcsEvent({ event: { category: 'process', type: ['end'] } }, origin);
  assert.equal(typeof end, 'string');
});

test('N5: 4688 version 1 without command line or parent', () => {
  const row = rowOf(normalizeWindowsEvent(security({
    SubjectUserSid: 'S-1-5-21-1-2-3-1104', SubjectUserName: 'kestrel', SubjectDomainName: 'CORP', SubjectLogonId: '0x5a3f1',
    NewProcessId: '0x2210', NewProcessName: 'C:\\Users\\kestrel\\Downloads\\Quote_7731.exe', TokenElevationType: '%%1938',
    ProcessId: '0x1a4', CommandLine: '',
  }, 1), origin));
  assert.equal(row.ProcessCommandLine, '');
  assert.equal(row.ProcessTokenElevation, 'TokenElevationTypeLimited');
  assert.equal(row.InitiatingProcessFileName, '');
  assert.equal(row.InitiatingProcessId, 0x1a4);
  assert.equal(row.ProcessId, 0x2210);
  assert.equal(row.FileName, 'Quote_7731.exe');
  assert.equal(row.AccountName, 'kestrel');
  assert.equal(row.AccountDomain, 'CORP');
});

test('4688 token elevation and integrity level', () => {
  const cases: Array<[string, string]> = [
    ['%%1936', 'TokenElevationTypeDefault'], ['%%1937', 'TokenElevationTypeFull'], ['%%1938', 'TokenElevationTypeLimited'],
    ['TokenElevationTypeDefault (1)', 'TokenElevationTypeDefault'],
  ];
  for (const [code, name] of cases) {
    const row = rowOf(normalizeWindowsEvent(security({ TokenElevationType: code, MandatoryLabel: 'S-1-16-12288' }), origin));
    assert.equal(row.ProcessTokenElevation, name, code);
    assert.equal(row.ProcessIntegrityLevel, 'High');
  }
});

test('4688 target account runs the new process', () => {
  const row = rowOf(normalizeWindowsEvent(security({
    SubjectUserSid: 'S-1-5-18', SubjectUserName: 'DC01$', SubjectDomainName: 'PANDALAB', SubjectLogonId: '0x3e7',
    TargetUserSid: 'S-1-0-0', TargetUserName: 'Administrator', TargetDomainName: 'PANDALAB', TargetLogonId: '0x627b7',
    NewProcessName: 'C:\\Windows\\System32\\smartscreen.exe', ParentProcessName: 'C:\\Windows\\System32\\svchost.exe',
  }), origin));
  assert.equal(row.AccountName, 'Administrator');
  assert.equal(row.LogonId, 0x627b7);
  assert.equal(row.InitiatingProcessAccountName, 'DC01$');
  assert.equal(row.InitiatingProcessLogonId, 999);
  assert.equal(row.InitiatingProcessFileName, 'svchost.exe');
  assert.equal(row.InitiatingProcessFolderPath, 'C:\\Windows\\System32\\svchost.exe');
  assert.equal((row.AdditionalFields as Record<string, unknown>).LurewatchSource, 'security-4688');
});

test('other Windows events return a reason', () => {
  const network = normalizeWindowsEvent({ ...sysmon({}), eventId: 5 }, origin);
  assert.equal(network, 'Sysmon event 5 (not a process creation)');
  const logon = normalizeWindowsEvent({ ...security({}), eventId: 4624 }, origin);
  assert.equal(logon, 'Security event 4624 (not a process creation)');
  const other = normalizeWindowsEvent({ ...sysmon({}), provider: 'Microsoft-Windows-Kernel-General', channel: 'System' }, origin);
  assert.equal(typeof other, 'string');
});

test('values keep their case', () => {
  const row = rowOf(normalizeWindowsEvent(sysmon({
    Image: 'C:\\Users\\Kestrel\\Downloads\\Invoice.EXE', User: 'CORP\\Kestrel', ParentImage: 'C:\\Windows\\Explorer.EXE',
  }), origin));
  assert.equal(row.FileName, 'Invoice.EXE');
  assert.equal(row.AccountName, 'Kestrel');
  assert.equal(row.InitiatingProcessFileName, 'Explorer.EXE');
});

test('parseDatetime keeps 100 ns ticks', () => {
  const ms = parseDatetime('2023-10-18T14:37:28.2012261Z');
  assert.equal(Math.floor(ms!), Date.parse('2023-10-18T14:37:28.201Z'));
  assert.ok(Math.abs(ms! - (Date.parse('2023-10-18T14:37:28.201Z') + 0.2261)) < 1e-6);
  assert.equal(parseDatetime('2020-09-04 07:06:21.388'), Date.UTC(2020, 8, 4, 7, 6, 21, 388));
  assert.equal(parseDatetime('2026-11-30T12:00:00+02:00'), Date.UTC(2026, 10, 30, 10, 0, 0));
  assert.equal(parseDatetime('2026-11-30T10:00:00Z'), Date.UTC(2026, 10, 30, 10, 0, 0));
  assert.equal(parseDatetime(''), null);
  assert.equal(parseDatetime('not a time'), null);
});

test('splitHashes keeps value case', () => {
  assert.deepEqual(splitHashes('SHA1=ab,MD5=CD,SHA256=Ef,IMPHASH=01'), { SHA1: 'ab', MD5: 'CD', SHA256: 'Ef', IMPHASH: '01' });
  assert.deepEqual(splitHashes('SHA256=AA'), { SHA256: 'AA' });
});

test('Defender row has every column in order', () => {
  const row = normalizeDefenderRow({ ActionType: 'ProcessCreated' }, origin);
  assert.deepEqual(Object.keys(row), deviceProcessEventsColumns.map(([name]) => name));
});

test('Defender row values get column types', () => {
  const row = normalizeDefenderRow({
    Timestamp: '2023-10-18T15:45:07.9862755Z', ProcessId: '6532', FileSize: '', FileName: 'powershell.exe',
    ProcessCommandLine: null, IsProcessRemoteSession: 'false', AdditionalFields: '{"a":1}',
  }, origin);
  assert.equal(typeof row.Timestamp, 'number');
  assert.equal(row.ProcessId, 6532);
  assert.equal(row.FileSize, null);
  assert.equal(row.ProcessCommandLine, '');
  assert.equal(row.DeviceName, '');
  assert.equal(row.IsProcessRemoteSession, false);
  assert.equal(row.ReportId, null);
  const extra = row.AdditionalFields as Record<string, unknown>;
  assert.equal(extra.a, 1);
  assert.equal(extra.LurewatchSource, 'defender');
});

test('Log Analytics suffixed columns fold in', () => {
  const row = normalizeDefenderRow({
    FileName: 'cmd.exe', ReportId_long: 113597, ReportId_string: '',
    AdditionalFields_string: '{"k":"v"}', AdditionalFields_dynamic: null,
  }, origin);
  assert.equal(row.ReportId, 113597);
  assert.equal((row.AdditionalFields as Record<string, unknown>).k, 'v');
});

test('parseDatetime agrees with Date.parse across calendars', () => {
  // Leap days, century years, the Windows FILETIME epoch and dates before 1970.
  const samples = ['1601-01-01T00:00:00.000Z', '1900-02-28T23:59:59.999Z', '1900-03-01T00:00:00.000Z', '1969-12-31T23:59:59.500Z',
    '2000-02-29T12:34:56.789Z', '2024-02-29T00:00:00.000Z', '2100-03-01T06:07:08.009Z', '9999-12-31T23:59:59.999Z'];
  for (const text of samples) assert.equal(parseDatetime(text), Date.parse(text), text);
  for (let day = 0; day < 3000; day += 7) {
    const ms = Date.UTC(2019, 0, 1) + day * 86_400_000 + day * 1234;
    const text = new Date(ms).toISOString();
    assert.equal(parseDatetime(text), ms, text);
  }
});

test('input times that do not exist are null, not rolled over', () => {
  assert.equal(parseDatetime('2026-02-30 10:00:00.000'), null);
  assert.equal(parseDatetime('2026-11-30T25:00:00Z'), null);
  assert.equal(parseDatetime('2026-13-01T00:00:00Z'), null);
  assert.equal(parseDatetime('2026-04-31T00:00:00Z'), null);
  assert.equal(parseDatetime('2024-02-29 09:00:00.000'), Date.UTC(2024, 1, 29, 9));
  assert.equal(parseDatetime('2026-02-29T00:00:00Z'), null);
  assert.equal(parseDatetime('2000-02-29T00:00:00Z'), Date.UTC(2000, 1, 29));
  assert.equal(parseDatetime('2100-02-29T00:00:00Z'), null);
});

test('parseDatetime reads a trailing UTC', () => {
  assert.equal(parseDatetime('2018-07-28 07:24:45.754787 UTC'), parseDatetime('2018-07-28T07:24:45.754787Z'));
  assert.ok((parseDatetime('2018-07-28 07:24:45.754787 UTC') ?? 0) % 1 > 0, 'the microseconds are kept');
});

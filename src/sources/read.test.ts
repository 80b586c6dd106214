import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readInputs } from './read.js';
import { ReadDiagnostics } from './diagnostics.js';
import type { Row } from '../schema/types.js';
import { ChunkBuilder, buildEvtxFile, writeEvent } from './evtx/testing/writer.js';
import { securityLogon } from './evtx/testing/events.js';

const folder = await mkdtemp(join(tmpdir(), 'lurewatch-read-'));
process.on('exit', () => {
  void rm(folder, { recursive: true, force: true });
});

let fileCounter = 0;
async function fixture(content: string | Buffer, name = `input-${++fileCounter}.dat`): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

async function readAll(paths: string[]): Promise<{ rows: Row[]; diag: ReadDiagnostics }> {
  const diag = new ReadDiagnostics();
  const rows: Row[] = [];
  for await (const batch of readInputs(paths, diag)) for (const item of batch) rows.push(item.row);
  return { rows, diag };
}

const extra = (row: Row): Record<string, unknown> => row.AdditionalFields as Record<string, unknown>;

const defenderRow = {
  Timestamp: '2026-11-30T10:00:00.1234567Z', DeviceId: 'abc', DeviceName: 'WS-LAB-07', ActionType: 'ProcessCreated',
  FileName: 'cmd.exe', FolderPath: 'C:\\Windows\\System32\\cmd.exe', ProcessId: 7184, ProcessCommandLine: 'cmd.exe /c echo hi',
  InitiatingProcessFileName: 'EXCEL.EXE', AdditionalFields: '{"Origin":"test"}', ReportId: 1,
};
const otherTableRow = { ...defenderRow, ActionType: 'LogonSuccess', FileName: '' };

const sysmonNxlog = {
  SourceName: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS-LAB-07',
  TimeCreated: '2026-11-30T10:00:00.500Z', EventID: 1, Message: 'Process Create: ...', UtcTime: '2026-11-30 10:00:00.499',
  ProcessId: '7184', Image: 'C:\\Users\\kestrel\\Downloads\\invoice.exe', CommandLine: 'invoice.exe', User: 'CORP\\kestrel',
  ParentProcessId: '3096', ParentImage: 'C:\\Windows\\explorer.exe', ParentCommandLine: 'C:\\Windows\\Explorer.EXE',
  Hashes: 'SHA1=AA,MD5=BB,SHA256=CC', Domain: 'NT AUTHORITY', AccountName: 'SYSTEM',
};
const securityNxlog = {
  SourceName: 'Microsoft-Windows-Security-Auditing', Channel: 'Security', Hostname: 'WS-LAB-07', EventID: 4688,
  TimeCreated: '2026-11-30T10:00:00.498Z', NewProcessId: '0x1c10', ProcessId: '0xc18', SubjectLogonId: '0x3e7',
  SubjectUserName: 'kestrel', SubjectDomainName: 'CORP', NewProcessName: 'C:\\Users\\kestrel\\Downloads\\invoice.exe',
  ParentProcessName: 'C:\\Windows\\explorer.exe', TokenElevationType: '%%1938', TargetUserName: '-', CommandLine: 'invoice.exe',
};
const logonNxlog = { ...securityNxlog, EventID: 4624 };

const winlogbeat6 = {
  '@timestamp': '2019-05-14T17:03:46.000Z', event_id: 1, source_name: 'Microsoft-Windows-Sysmon',
  log_name: 'Microsoft-Windows-Sysmon/Operational', computer_name: 'WKS1.corp.example', record_number: '9001',
  event_data: { Image: 'C:\\Windows\\System32\\cmd.exe', ParentImage: 'C:\\Windows\\explorer.exe', ProcessId: '4000', User: 'CORP\\pgustavo' },
};
const winlogbeat7 = {
  '@timestamp': '2021-05-14T17:03:46.000Z', event: { code: '4688', category: ['process'], type: ['start'] },
  winlog: {
    event_id: '4688', provider_name: 'Microsoft-Windows-Security-Auditing', channel: 'Security', computer_name: 'WKS2',
    record_id: 77, event_data: { NewProcessName: 'C:\\Windows\\System32\\whoami.exe', NewProcessId: '0x10', ProcessId: '0x20' },
  },
};
const ecsStart = {
  '@timestamp': '2026-11-30T10:00:00Z', event: { category: ['process'], type: ['start'] }, host: { name: 'WS-LAB-07' },
  process: {
    executable: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe', command_line: 'cmd.exe /c echo hi',
    parent: { executable: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE', name: 'EXCEL.EXE', command_line: '"EXCEL.EXE" /dde' },
  },
};
const streamRecord = {
  time: '2026-11-30T10:00:00Z', category: 'AdvancedHunting-DeviceProcessEvents', operationName: 'Publish',
  properties: {
    Timestamp: '2026-11-30T10:00:00Z', FileName: 'cmd.exe', FolderPath: 'C:\\Windows\\System32\\cmd.exe',
    ProcessCommandLine: 'cmd.exe /c echo hi', InitiatingProcessFileName: 'EXCEL.EXE', DeviceName: 'WS-LAB-07',
  },
};

function sysmonXml(id: number, image: string, extraAttributes = ''): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'${extraAttributes}><System>`
    + `<Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>${id}</EventID>`
    + `<Version>5</Version><TimeCreated SystemTime='2026-11-30T10:00:00.1234567Z'/><EventRecordID>${4700 + id}</EventRecordID>`
    + `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WS-LAB-07</Computer></System><EventData>`
    + `<Data Name='RuleName'>-</Data><Data Name='UtcTime'>2026-11-30 10:00:00.123</Data><Data Name='ProcessId'>7184</Data>`
    + `<Data Name='Image'>${image}</Data><Data Name='CommandLine'>"${image}" --flag &amp; more</Data>`
    + `<Data Name='ParentImage'>C:\\Windows\\explorer.exe</Data><Data Name='ParentProcessId'>3096</Data>`
    + `</EventData></Event>`;
}

test('Defender JSON lines', async () => {
  const path = await fixture(`${JSON.stringify(defenderRow)}\n${JSON.stringify(otherTableRow)}\n\n${JSON.stringify(defenderRow)}\r\n`);
  const { rows, diag } = await readAll([path]);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.ProcessCommandLine, 'cmd.exe /c echo hi');
  assert.equal(rows[0]!.ProcessId, 7184);
  assert.equal(typeof rows[0]!.Timestamp, 'number');
  assert.equal(extra(rows[0]!).Origin, 'test');
  assert.equal(extra(rows[0]!).LurewatchLine, 1);
  assert.equal(extra(rows[1]!).LurewatchLine, 4);
  assert.equal(diag.ignoredByReason.get('Defender ActionType LogonSuccess (not DeviceProcessEvents)'), 1);
  assert.equal(diag.eventsRead, 3);
  assert.equal(diag.rowsByTable.get('DeviceProcessEvents'), 2);
});

test('Defender API and Graph documents', async () => {
  const api = await fixture(JSON.stringify({ Schema: [{ Name: 'Timestamp', Type: 'DateTime' }], Results: [defenderRow, otherTableRow] }, null, 2));
  const graph = await fixture(JSON.stringify({ schema: [{ name: 'Timestamp', type: 'DateTime' }], results: [defenderRow] }, null, 2));
  const positional = await fixture(JSON.stringify({
    Schema: [{ Name: 'ActionType' }, { Name: 'FileName' }, { Name: 'ProcessId' }], Results: [['ProcessCreated', 'cmd.exe', 7]],
  }));
  const { rows, diag } = await readAll([api, graph, positional]);
  assert.equal(rows.length, 3);
  assert.equal(rows[0]!.FileName, 'cmd.exe');
  assert.equal(rows[1]!.InitiatingProcessFileName, 'EXCEL.EXE');
  assert.equal(rows[2]!.ProcessId, 7);
  assert.equal(diag.ignoredByReason.size, 1);
});

test('N4: Defender stream record alone and in records', async () => {
  const alone = await fixture(`${JSON.stringify(streamRecord)}\n`);
  const wrapped = await fixture(JSON.stringify({ records: [streamRecord, { ...streamRecord, category: 'AdvancedHunting-DeviceLogonEvents' }] }, null, 1));
  const { rows, diag } = await readAll([alone, wrapped]);
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.ProcessCommandLine, 'cmd.exe /c echo hi');
    assert.equal(row.InitiatingProcessFileName, 'EXCEL.EXE');
    assert.equal(row.FileName, 'cmd.exe');
  }
  assert.equal(diag.ignoredByReason.get('Defender stream record of DeviceLogonEvents (not a table lurewatch reads)'), 1);
});

test('N4: ECS JSON lines', async () => {
  const path = await fixture(`${JSON.stringify(ecsStart)}\n${JSON.stringify({ ...ecsStart, event: { category: ['network'], type: ['start'] } })}\n`);
  const { rows, diag } = await readAll([path]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.ProcessCommandLine, 'cmd.exe /c echo hi');
  assert.equal(rows[0]!.InitiatingProcessFileName, 'EXCEL.EXE');
  assert.equal(extra(rows[0]!).LurewatchSource, 'ecs');
  assert.equal(diag.ignoredByReason.get('ECS event not in the process category'), 1);
});

test('Log Analytics row with type suffixes', async () => {
  const { ReportId: _report, AdditionalFields: _fields, ...rest } = defenderRow;
  const path = await fixture(`${JSON.stringify({ ...rest, ReportId_long: 42, ReportId_string: '', AdditionalFields_string: '{"k":1}', AdditionalFields_dynamic: null })}\n`);
  const { rows } = await readAll([path]);
  assert.equal(rows[0]!.ReportId, 42);
  assert.equal(extra(rows[0]!).k, 1);
});

test('NXLog Sysmon and 4688 JSON lines', async () => {
  const path = await fixture([sysmonNxlog, securityNxlog, logonNxlog].map((doc) => JSON.stringify(doc)).join('\n'));
  const { rows, diag } = await readAll([path]);
  assert.equal(rows.length, 2);
  const [sysmon, security] = rows as [Row, Row];
  assert.equal(sysmon.FolderPath, 'C:\\Users\\kestrel\\Downloads\\invoice.exe');
  assert.equal(sysmon.FileName, 'invoice.exe');
  assert.equal(sysmon.AccountName, 'kestrel');
  assert.equal(sysmon.SHA256, 'CC');
  assert.equal(sysmon.Timestamp, Date.parse('2026-11-30T10:00:00.499Z'));
  assert.equal(extra(sysmon).Domain, undefined, 'NXLog envelope keys stay out of AdditionalFields');
  assert.equal(security.ProcessId, 7184);
  assert.equal(security.InitiatingProcessId, 3096);
  assert.equal(security.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(security.ProcessTokenElevation, 'TokenElevationTypeLimited');
  assert.equal(diag.ignoredByReason.get('Security event 4624 (not a process creation)'), 1);
});

test('winlogbeat 6 and 7 JSON lines', async () => {
  const path = await fixture(`${JSON.stringify(winlogbeat6)}\n${JSON.stringify(winlogbeat7)}\n`);
  const { rows } = await readAll([path]);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]!.FileName, 'cmd.exe');
  assert.equal(rows[0]!.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(rows[0]!.ProcessId, 4000);
  assert.equal(rows[0]!.DeviceName, 'WKS1.corp.example');
  assert.equal(extra(rows[0]!).LurewatchRecordId, 9001);
  assert.equal(rows[1]!.FileName, 'whoami.exe');
  assert.equal(rows[1]!.ProcessId, 16);
  assert.equal(extra(rows[1]!).LurewatchSource, 'security-4688');
});

test('event XML in <Events> with BOM and declaration', async () => {
  const xml = `\ufeff<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${sysmonXml(1, 'C:\\Users\\kestrel\\Desktop\\a.exe')}\n`
    + `${sysmonXml(5, 'C:\\Windows\\System32\\svchost.exe')}\n</Events>\n`;
  const { rows, diag } = await readAll([await fixture(xml)]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.FileName, 'a.exe');
  assert.equal(rows[0]!.ProcessCommandLine, '"C:\\Users\\kestrel\\Desktop\\a.exe" --flag & more');
  assert.equal(rows[0]!.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(extra(rows[0]!).LurewatchRecordId, 4701);
  assert.equal(extra(rows[0]!).LurewatchLine, 3);
  assert.equal(diag.ignoredByReason.get('Sysmon event 5 (not a process creation)'), 1);
});

test('event XML as a run of <Event> in UTF-16', async () => {
  const text = `\ufeff${sysmonXml(1, 'C:\\x\\one.exe')}\r\n${sysmonXml(1, 'C:\\x\\two.exe')}\r\n`;
  const { rows } = await readAll([await fixture(Buffer.from(text, 'utf16le'))]);
  assert.deepEqual(rows.map((row) => row.FileName), ['one.exe', 'two.exe']);
});

test('malformed XML event is skipped', async () => {
  const broken = sysmonXml(1, 'C:\\x\\bad.exe').replace('</EventData>', '</EventDta>');
  const truncated = sysmonXml(1, 'C:\\x\\cut.exe').slice(0, 200);
  const xml = `<Events>\n${sysmonXml(1, 'C:\\x\\one.exe')}\n${broken}\n${truncated}\n${sysmonXml(1, 'C:\\x\\two.exe')}\n</Events>`;
  const path = await fixture(xml);
  const { rows, diag } = await readAll([path]);
  assert.deepEqual(rows.map((row) => row.FileName), ['one.exe', 'two.exe']);
  assert.equal(diag.skippedByReason.get('malformed XML event'), 2);
  assert.match(diag.skippedSamples[0]!.location.at ?? '', /^line 3: expected <\/EventData> but found <\/EventDta>/);
  assert.match(diag.skippedSamples[1]!.location.at ?? '', /^line 4: <Event> not closed/);
  assert.equal(diag.skippedSamples[0]!.location.file, path);
});

test('Defender CSV with a bad row', async () => {
  const header = 'Timestamp,DeviceName,ActionType,FileName,FolderPath,ProcessId,ProcessCommandLine,AdditionalFields';
  const csv = `${header}\n`
    + '2023-10-18T15:45:07.9862755Z,host,ProcessCreated,powershell.exe,C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe,6532,"""powershell.exe"" -c ""a,b""","{""k"":""v""}"\n'
    + '2023-10-18T15:45:08Z,host,ProcessCreated,cmd.exe,C:\\cmd.exe,1,too,many,columns\n'
    + '2023-10-18T15:45:09Z,host,LogonSuccess,,,,,\n';
  const path = await fixture(csv);
  const { rows, diag } = await readAll([path]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.ProcessCommandLine, '"powershell.exe" -c "a,b"');
  assert.equal(rows[0]!.ProcessId, 6532);
  assert.equal(extra(rows[0]!).k, 'v');
  assert.equal(diag.skippedByReason.get('CSV row with the wrong number of columns'), 1);
  assert.deepEqual(diag.skippedSamples[0]!.location, { file: path, at: 'line 3' });
  assert.equal(diag.ignoredByReason.get('Defender ActionType LogonSuccess (not DeviceProcessEvents)'), 1);
});

test('CSV without Defender columns', async () => {
  const path = await fixture('name,size\na,1\n');
  const { rows, diag } = await readAll([path]);
  assert.equal(rows.length, 0);
  assert.equal(diag.fileErrors.length, 1);
  assert.match(diag.fileErrors[0]!.reason, /none of the Defender columns/);
});

test('truncated JSON line is skipped', async () => {
  const line = JSON.stringify(defenderRow);
  const path = await fixture(`${line}\n${line.slice(0, 40)}\n${line}\n`);
  const { rows, diag } = await readAll([path]);
  assert.equal(rows.length, 2);
  assert.equal(diag.skippedByReason.get('invalid JSON line'), 1);
  assert.match(diag.skippedSamples[0]!.location.at ?? '', /^line 2/);
});

test('gzip is decompressed and sniffed', async () => {
  const path = await fixture(gzipSync(`${JSON.stringify(defenderRow)}\n`), 'rows.json.gz');
  const { rows } = await readAll([path]);
  assert.equal(rows.length, 1);
});

test('unknown format and empty file', async () => {
  const unknown = await fixture('just some notes\n');
  const empty = await fixture('');
  const binary = await fixture(Buffer.from([0, 1, 2, 3, 0, 0, 0xff]));
  const { rows, diag } = await readAll([unknown, empty, binary]);
  assert.equal(rows.length, 0);
  assert.equal(diag.files, 0, 'files skipped as unknown or empty are not counted as read');
  assert.equal(diag.fileErrors.length, 2);
  assert.equal(diag.fileErrors[0]!.location.file, unknown);
  assert.match(diag.fileErrors[0]!.reason, /^unknown format: .*expected EVTX/);
  assert.equal(diag.filesSkippedByReason.get('empty file'), 1);
});

test('missing path names the file', async () => {
  const missing = join(folder, 'does-not-exist.json');
  const { diag } = await readAll([missing]);
  assert.equal(diag.fileErrors.length, 1);
  assert.equal(diag.fileErrors[0]!.location.file, missing);
  assert.match(diag.fileErrors[0]!.reason, /no such file or folder/);
});

test('folders are walked sorted, hidden skipped', async () => {
  const root = join(folder, 'tree');
  await mkdir(join(root, 'b', 'deep'), { recursive: true });
  await mkdir(join(root, '.git'), { recursive: true });
  const row = (name: string): string => `${JSON.stringify({ ...defenderRow, FileName: name })}\n`;
  await writeFile(join(root, 'b', 'deep', 'z.log'), row('third.exe'));
  await writeFile(join(root, 'a.txt'), row('first.exe'));
  await writeFile(join(root, 'b', 'c.json'), row('second.exe'));
  await writeFile(join(root, '.hidden.json'), row('hidden.exe'));
  await writeFile(join(root, '.git', 'x.json'), row('git.exe'));
  await writeFile(join(root, 'README.md'), '# notes\n\nnot telemetry\n');
  const { rows, diag } = await readAll([root]);
  assert.deepEqual(rows.map((r) => r.FileName), ['first.exe', 'second.exe', 'third.exe']);
  assert.equal(diag.filesSkippedByReason.get('hidden file or folder'), 2);
  assert.equal(diag.filesSkippedByReason.get('unknown format'), 1);
  assert.equal(diag.fileErrors.length, 0, 'unknown files inside folders are counted, not errors');
});

test('stdin is read for -', () => {
  const readModule = fileURLToPath(new URL('./read.js', import.meta.url));
  const diagModule = fileURLToPath(new URL('./diagnostics.js', import.meta.url));
  const script = `const { readInputs } = await import(${JSON.stringify(readModule)});`
    + `const { ReadDiagnostics } = await import(${JSON.stringify(diagModule)});`
    + 'const diag = new ReadDiagnostics(); const names = [];'
    + "for await (const batch of readInputs(['-'], diag)) for (const item of batch) names.push(item.row.FileName);"
    + 'process.stdout.write(JSON.stringify(names));';
  const input = [sysmonNxlog, securityNxlog].map((doc) => JSON.stringify(doc)).join('\n');
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), ['invoice.exe', 'invoice.exe']);
});

test('progress follows an EVTX file chunk by chunk and ends at its size', async () => {
  const chunks: Uint8Array[] = [];
  // 48 chunks (3 MiB): the format sniffer's first read counts 1 MiB, then each chunk counts.
  for (let c = 0; c < 48; c++) {
    const builder = new ChunkBuilder();
    const time = new Date(Date.UTC(2024, 2, 5, 9, 0, c));
    builder.addRecord(c + 1, time, writeEvent(securityLogon(c + 1, time)));
    chunks.push(builder.finish());
  }
  const bytes = buildEvtxFile(chunks);
  const path = await fixture(Buffer.from(bytes), 'logons.evtx');
  for (const threads of [1, 2]) {
    const updates: Array<[number, number]> = [];
    const diag = new ReadDiagnostics();
    for await (const batch of readInputs([path], diag, { threads, onProgress: (done, total) => updates.push([done, total]) })) void batch;
    assert.equal(diag.eventsRead, 48);
    assert.ok(updates.length >= 32, `${threads} threads: an update per chunk after the first MiB (${updates.length})`);
    assert.ok(updates.every(([done, total], i) => total === bytes.length && done <= total && (i === 0 || done >= updates[i - 1]![0])));
    assert.equal(updates.at(-1)![0], bytes.length);
  }
});

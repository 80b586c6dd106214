import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ReadDiagnostics } from './diagnostics.js';
import { sniffFormat } from './sniff.js';
import { readEvtxDumpJson } from './json/evtxDumpJson.js';
import type { TableRow } from './types.js';
import { originKeys } from '../schema/normalize/origin.js';
import { readEvtxRecords, renderRecordJson, renderRecordXml, type EvtxRecord } from './evtx/index.js';
import { ChunkBuilder, buildEvtxFile, values, writeEvent, type TestEvent } from './evtx/testing/writer.js';
import { securityLogon, sysmonProcessCreate, sysmonRegistrySet, securityProcessCreate } from './evtx/testing/events.js';
import { datasetPath, missingShared } from '../testing/shared.js';
import { fixtureWriter, readAllRows, withoutFileOrigin } from './testing/inputs.js';

// The Rust `evtx_dump` (evtx crate) writes, unless given --dont-show-record-number, a line
// `Record <EventRecordID>` before each record. Its default output (`-o xml`) follows it with an
// XML declaration and the <Event> element. With `-o json` the record follows as JSON indented by
// two spaces, in the shape of one line of `-o jsonl`.

const fixture = await fixtureWriter('lurewatch-evtx-dump-', '.txt');
const readAll = readAllRows;

function lineOf(item: TableRow): unknown {
  return (item.row.AdditionalFields as Record<string, unknown>)[originKeys.line];
}

/** Asserts that two reads saw the same events and routed them the same way. */
function assertSameSummary(actual: ReadDiagnostics, expected: ReadDiagnostics): void {
  assert.equal(actual.eventsRead, expected.eventsRead, 'events read');
  assert.deepEqual(Object.fromEntries(actual.rowsByTable), Object.fromEntries(expected.rowsByTable), 'rows per table');
  assert.deepEqual(Object.fromEntries(actual.ignoredByReason), Object.fromEntries(expected.ignoredByReason), 'ignored events');
  assert.deepEqual(Object.fromEntries(actual.skippedByReason), Object.fromEntries(expected.skippedByReason), 'skipped records');
}

async function recordsOf(evtxPath: string): Promise<EvtxRecord[]> {
  const diag = new ReadDiagnostics();
  const records: EvtxRecord[] = [];
  for await (const batch of readEvtxRecords(evtxPath, diag)) records.push(...batch);
  assert.equal(diag.skippedTotal, 0, `records of ${evtxPath} all read`);
  return records;
}

/** Renders one record as `evtx_dump` writes it by default (`-o xml`). */
function dumpXmlRecord(record: EvtxRecord): string {
  return `Record ${record.recordId}\n<?xml version="1.0" encoding="utf-8"?>\n${renderRecordXml(record)}`;
}

/** Renders one record as `evtx_dump -o json` writes it: only the `Event` object, indented by two spaces. */
function dumpJsonRecord(record: EvtxRecord): string {
  const { Event } = JSON.parse(renderRecordJson(record)) as { Event: unknown };
  return `Record ${record.recordId}\n${JSON.stringify({ Event }, null, 2)}\n`;
}


const start = new Date('2024-03-05T09:00:00.123Z');
const at = (seconds: number): Date => new Date(start.getTime() + seconds * 1000);
const events: TestEvent[] = [
  sysmonProcessCreate(1, at(1), {
    image: 'C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe',
    commandLine: '"C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe" <&> "quoted"',
    parentImage: 'C:\\Windows\\explorer.exe',
  }),
  sysmonProcessCreate(2, at(2), { image: 'C:\\Windows\\System32\\cmd.exe', commandLine: values.null(), parentImage: 'C:\\Windows\\explorer.exe' }),
  sysmonRegistrySet(3, at(3), 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU\\a', 'powershell -w h -c iwr\\1'),
  securityLogon(4, at(4)),
  securityProcessCreate(5, at(5)),
  sysmonProcessCreate(6, at(6), {
    image: 'C:\\Windows\\System32\\mshta.exe',
    commandLine: 'mshta.exe https://example.test/a.hta',
    parentImage: 'C:\\Windows\\explorer.exe',
  }),
];
const chunk = new ChunkBuilder();
for (const event of events) chunk.addRecord(event.recordId, event.time, writeEvent(event));
const evtxPath = await fixture(buildEvtxFile([chunk.finish()]), 'dump-source.evtx');
const records = await recordsOf(evtxPath);
const fromEvtx = await readAll(evtxPath);
const xmlDump = records.map(dumpXmlRecord).join('');
const jsonDump = records.map(dumpJsonRecord).join('');

/** 1-based line numbers in `text` of the lines that start with `prefix`. */
function linesStartingWith(text: string, prefix: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.startsWith(prefix)) lines.push(i + 1);
  });
  return lines;
}

test('evtx_dump forms are sniffed', () => {
  assert.equal(sniffFormat(Buffer.from(xmlDump), true).format, 'xml');
  assert.equal(sniffFormat(Buffer.from(jsonDump), true).format, 'evtx-dump-json');
  assert.equal(sniffFormat(Buffer.from(jsonDump.replaceAll('\n', '\r\n')), true).format, 'evtx-dump-json');
  assert.equal(sniffFormat(Buffer.from('\n' + jsonDump), true).format, 'evtx-dump-json', 'leading blank line');
  const other = sniffFormat(Buffer.from('Record 5\nsomething else\n'), true);
  assert.equal(other.format, 'unknown');
  assert.match(other.detail ?? '', /text starting with "Record 5"/);
});

test('evtx_dump XML reads as the EVTX rows', async () => {
  const fromXml = await readAll(await fixture(xmlDump, 'dump.xml.txt'));

  assert.equal(fromEvtx.rows.length, 5, 'three Sysmon 1, one Sysmon 13 and one 4688 row from the EVTX file');
  assert.deepEqual(fromXml.rows.map(withoutFileOrigin), fromEvtx.rows.map(withoutFileOrigin));
  assertSameSummary(fromXml.diag, fromEvtx.diag);
  assert.equal(fromXml.diag.fileErrors.length, 0);
  const eventLines = linesStartingWith(xmlDump, '<Event');
  assert.deepEqual(fromXml.rows.map(lineOf), [eventLines[0], eventLines[1], eventLines[2], eventLines[4], eventLines[5]], 'each row names its <Event> line');
});

test('evtx_dump JSON reads as the EVTX rows', async () => {
  const fromJson = await readAll(await fixture(jsonDump, 'dump.json.txt'));

  assert.deepEqual(fromJson.rows.map(withoutFileOrigin), fromEvtx.rows.map(withoutFileOrigin));
  assertSameSummary(fromJson.diag, fromEvtx.diag);
  assert.equal(fromJson.diag.fileErrors.length, 0);
  const objectLines = linesStartingWith(jsonDump, '{');
  assert.deepEqual(fromJson.rows.map(lineOf), [objectLines[0], objectLines[1], objectLines[2], objectLines[4], objectLines[5]], 'each row names the line of its {');
});

test('evtx_dump JSON split anywhere across chunks', async () => {
  const whole = await readAll(await fixture(jsonDump, 'whole.json.txt'));
  for (const size of [1, 2, 7, 8, 9, 13, 4096]) {
    async function* pieces(): AsyncGenerator<string> {
      for (let i = 0; i < jsonDump.length; i += size) yield jsonDump.slice(i, i + size);
    }
    const diag = new ReadDiagnostics();
    const rows: TableRow[] = [];
    for await (const batch of readEvtxDumpJson(pieces(), 'chunks.json.txt', diag)) rows.push(...batch);
    assert.deepEqual(rows.map(withoutFileOrigin), whole.rows.map(withoutFileOrigin), `rows with ${size}-character chunks`);
    assert.deepEqual(rows.map(lineOf), whole.rows.map(lineOf), `lines with ${size}-character chunks`);
    assert.equal(diag.skippedTotal, 0);
  }
});

test('evtx_dump JSON without indent, CRLF or UTF-16', async () => {
  const oneLine = records.map((record) => {
    const { Event } = JSON.parse(renderRecordJson(record)) as { Event: unknown };
    return `Record ${record.recordId}\n${JSON.stringify({ Event })}\n`;
  }).join('');
  const crlf = jsonDump.replaceAll('\n', '\r\n');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jsonDump, 'utf16le')]);
  for (const [name, content] of [['no-indent', oneLine], ['crlf', crlf], ['utf16', utf16]] as const) {
    const read = await readAll(await fixture(content, `dump-${name}.json.txt`));
    assert.deepEqual(read.rows.map(withoutFileOrigin), fromEvtx.rows.map(withoutFileOrigin), `rows of the ${name} form`);
    assertSameSummary(read.diag, fromEvtx.diag);
  }
});

test('evtx_dump JSON damaged record is skipped', async () => {
  const parts = records.map(dumpJsonRecord);
  // Record 3 loses its last two lines, as when an output is cut and resumed. Record 5 gets a stray comma.
  const third = parts[2]!.split('\n');
  parts[2] = third.slice(0, -3).join('\n') + '\n';
  parts[4] = parts[4]!.replace('"Channel": "Security"', '"Channel": "Security",,');
  const text = parts.join('');
  const { rows, diag } = await readAll(await fixture(text, 'damaged.json.txt'));

  const expected = fromEvtx.rows.filter((item) => ![3, 5].includes(Number((item.row.AdditionalFields as Record<string, unknown>)[originKeys.recordId])));
  assert.deepEqual(rows.map(withoutFileOrigin), expected.map(withoutFileOrigin));
  assert.equal(diag.eventsRead, records.length, 'the damaged records are counted as read');
  assert.equal(diag.skippedByReason.get('invalid JSON record in evtx_dump output'), 2);
  assert.equal(diag.fileErrors.length, 0);

  const [truncated, comma] = diag.skippedSamples;
  const lines = text.split('\n');
  const truncatedLine = linesStartingWith(text, 'Record 4')[0]! - 1;
  assert.match(truncated!.location.at ?? '', new RegExp(`^record 3 at line ${truncatedLine}: .*\\(the record is truncated\\)$`));
  const commaLine = lines.findIndex((line) => line.includes('"Security",,')) + 1;
  const commaColumn = lines[commaLine - 1]!.indexOf(',,') + 2;
  assert.match(comma!.location.at ?? '', new RegExp(`^record 5 at line ${commaLine}, column ${commaColumn}: `));
});

test('evtx_dump JSON Record line without JSON', async () => {
  const text = jsonDump + 'Record 7\n';
  const { rows, diag } = await readAll(await fixture(text, 'cut.json.txt'));

  assert.equal(rows.length, fromEvtx.rows.length);
  assert.equal(diag.eventsRead, records.length + 1);
  assert.equal(diag.skippedSamples.length, 1);
  assert.equal(diag.skippedSamples[0]!.location.at, `record 7 at line ${text.split('\n').length - 1}`);
  assert.match(diag.skippedSamples[0]!.reason, /without JSON/);
});

test('evtx_dump JSON record too long is dropped', async () => {
  // 17,000,000 characters of one record with no Record line after it, then a good record.
  const huge = `Record 1\n{\n  "Event": "${'x'.repeat(17_000_000)}"\n}\n`;
  const text = huge + dumpJsonRecord(records[0]!);
  const { rows, diag } = await readAll(await fixture(text, 'huge.json.txt'));

  assert.equal(diag.skippedSamples.length, 1);
  assert.equal(diag.skippedSamples[0]!.location.at, 'line 1');
  assert.match(diag.skippedSamples[0]!.reason, /longer than 16,000,000 characters/);
  assert.equal(rows.length, 1, 'the record after the long one is read');
  assert.equal(lineOf(rows[0]!), 6, 'and keeps its line number');
});

test('evtx_dump XML damaged record is skipped', async () => {
  const parts = records.map(dumpXmlRecord);
  parts[2] = parts[2]!.replace('</EventData>', '');
  const text = parts.join('');
  const { rows, diag } = await readAll(await fixture(text, 'damaged.xml.txt'));

  const expected = fromEvtx.rows.filter((item) => (item.row.AdditionalFields as Record<string, unknown>)[originKeys.recordId] !== 3);
  assert.deepEqual(rows.map(withoutFileOrigin), expected.map(withoutFileOrigin));
  assert.equal(diag.eventsRead, records.length);
  assert.equal(diag.skippedByReason.get('malformed XML event'), 1);
  const endLine = linesStartingWith(text, '</Event>')[2]!;
  assert.equal(diag.skippedSamples[0]!.location.at, `line ${endLine}: expected </EventData> but found </Event>`);
});

test('evtx_dump forms read from gzip', async () => {
  for (const [name, text] of [['xml', xmlDump], ['json', jsonDump]] as const) {
    const read = await readAll(await fixture(gzipSync(text), `dump.${name}.gz`));
    assert.deepEqual(read.rows.map(withoutFileOrigin), fromEvtx.rows.map(withoutFileOrigin), `rows of gzipped ${name}`);
    assertSameSummary(read.diag, fromEvtx.diag);
  }
});

test('evtx_dump JSON read from standard input', () => {
  const readModule = fileURLToPath(new URL('./read.js', import.meta.url));
  const diagModule = fileURLToPath(new URL('./diagnostics.js', import.meta.url));
  const script = `const { readInputs } = await import(${JSON.stringify(readModule)});`
    + `const { ReadDiagnostics } = await import(${JSON.stringify(diagModule)});`
    + 'const diag = new ReadDiagnostics(); const tables = [];'
    + 'for await (const batch of readInputs(["-"], diag)) for (const item of batch) tables.push(item.table);'
    + 'process.stdout.write(JSON.stringify({ tables, skipped: diag.skippedTotal }));';
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input: jsonDump, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const output = JSON.parse(result.stdout) as { tables: string[]; skipped: number };
  assert.deepEqual(output.tables, fromEvtx.rows.map((item) => item.table));
  assert.equal(output.skipped, 0);
});

// One Sysmon 1 record as the evtx crate lays it out. The XML has a declaration per record, empty
// elements as a start and an end tag, the GUID without braces and microseconds. The JSON writes
// typed values as numbers and empty elements as null.
const crateXml = `Record 6577
<?xml version="1.0" encoding="utf-8"?>
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Microsoft-Windows-Sysmon" Guid="5770385F-C22A-43E0-BF4C-06F5698FFBD9">
    </Provider>
    <EventID>1</EventID>
    <Version>5</Version>
    <Level>4</Level>
    <TimeCreated SystemTime="2019-04-27T15:57:53.368863Z">
    </TimeCreated>
    <EventRecordID>6577</EventRecordID>
    <Correlation>
    </Correlation>
    <Channel>Microsoft-Windows-Sysmon/Operational</Channel>
    <Computer>IEWIN7</Computer>
    <Security UserID="S-1-5-18">
    </Security>
  </System>
  <EventData>
    <Data Name="RuleName"></Data>
    <Data Name="UtcTime">2019-04-27 15:57:53.368</Data>
    <Data Name="ProcessId">3516</Data>
    <Data Name="Image">C:\\Users\\IEUser\\Downloads\\Flash_update.exe</Data>
    <Data Name="CommandLine">"C:\\Users\\IEUser\\Downloads\\Flash_update.exe" </Data>
    <Data Name="User">IEWIN7\\IEUser</Data>
    <Data Name="ParentProcessId">2772</Data>
    <Data Name="ParentImage">C:\\Windows\\explorer.exe</Data>
  </EventData>
</Event>
`;
const crateJson = `Record 6577
${JSON.stringify({
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
      EventID: 1,
      Version: 5,
      Level: 4,
      TimeCreated: { '#attributes': { SystemTime: '2019-04-27T15:57:53.368863Z' } },
      EventRecordID: 6577,
      Correlation: null,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'IEWIN7',
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: {
      RuleName: null,
      UtcTime: '2019-04-27 15:57:53.368',
      ProcessId: 3516,
      Image: 'C:\\Users\\IEUser\\Downloads\\Flash_update.exe',
      CommandLine: '"C:\\Users\\IEUser\\Downloads\\Flash_update.exe" ',
      User: 'IEWIN7\\IEUser',
      ParentProcessId: 2772,
      ParentImage: 'C:\\Windows\\explorer.exe',
    },
  },
}, null, 2)}
`;

test('evtx crate layout in both forms', async () => {
  const fromXml = await readAll(await fixture(crateXml.repeat(2), 'crate.xml.txt'));
  const fromJson = await readAll(await fixture(crateJson.repeat(2), 'crate.json.txt'));

  assert.equal(fromXml.rows.length, 2);
  assert.equal(fromXml.diag.skippedTotal, 0);
  assert.deepEqual(fromJson.rows.map(withoutFileOrigin), fromXml.rows.map(withoutFileOrigin));
  assertSameSummary(fromJson.diag, fromXml.diag);
  const row = fromXml.rows[0]!.row;
  assert.equal(row.FileName, 'Flash_update.exe');
  assert.equal(row.ProcessId, 3516);
  assert.equal(row.InitiatingProcessFileName, 'explorer.exe');
  assert.equal(row.Timestamp, Date.parse('2019-04-27T15:57:53.368Z'), 'Sysmon UtcTime');
  assert.deepEqual(fromXml.rows.map(lineOf), [3, 33]);
  assert.deepEqual(fromJson.rows.map(lineOf), [2, linesStartingWith(crateJson.repeat(2), '{')[1]]);
});

const realFiles = [
  ['EVTX-ATTACK-SAMPLES', 'AutomatedTestingTools', 'panache_sysmon_vs_EDRTestingScript.evtx'],
  ['EVTX-ATTACK-SAMPLES', 'Command and Control', 'DE_RDP_Tunnel_5156.evtx'],
  ['EVTX-ATTACK-SAMPLES', 'Credential Access', 'tutto_malseclogon.evtx'],
].map((parts) => datasetPath(...parts));

test('real EVTX as evtx_dump output', { skip: realFiles.map(missingShared).find((message) => message !== undefined) }, async () => {
  for (const path of realFiles) {
    const evtxRecords = await recordsOf(path);
    const fromFile = await readAll(path);
    assert.ok(fromFile.rows.length > 0, `${path} has rows`);
    for (const [name, render] of [['xml', dumpXmlRecord], ['json', dumpJsonRecord]] as const) {
      const dump = await fixture(evtxRecords.map(render).join(''));
      const read = await readAll(dump);
      assert.deepEqual(read.rows.map(withoutFileOrigin), fromFile.rows.map(withoutFileOrigin), `rows of ${path} as evtx_dump ${name}`);
      assertSameSummary(read.diag, fromFile.diag);
    }
  }
});

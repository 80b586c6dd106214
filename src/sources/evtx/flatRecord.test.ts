import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { WindowsEvent } from '../windowsEvent.js';
import { materializeRecordContent, parseChunk, walkChunk } from './chunk.js';
import { readChunkBlocks } from './fileChunks.js';
import { FlatRecordReader } from './flatRecord.js';
import { flattenRecord } from './flatten.js';
import { parseChunkEvents } from './reader.js';
import { ChunkBuilder, buildEvtxFile, eventTemplate, utf16, values, type TemplateElement, type TestValue } from './testing/writer.js';
import { ValueType } from './valueTypes.js';

const datasets = fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));

function listEvtx(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...listEvtx(path));
    else if (entry.name.toLowerCase().endsWith('.evtx')) found.push(path);
  }
  return found.sort();
}

/** What one record gives on each path: the event, or the error that skips the record. */
interface RecordOutcome {
  flat: WindowsEvent | 'tree' | Error;
  tree: WindowsEvent | Error;
}

/** Reads every record of a chunk both ways, without the fallback that parseChunkEvents applies. */
function bothWays(bytes: Uint8Array, reader: FlatRecordReader): RecordOutcome[] {
  return walkChunk(bytes, 0, 0, (chunk, header) => {
    let flat: RecordOutcome['flat'];
    try {
      if (reader.load(chunk, header)) {
        const event: WindowsEvent = {
          provider: '',
          eventId: 0,
          version: null,
          channel: '',
          computer: '',
          timeCreated: null,
          recordId: header.recordId,
          data: {},
        };
        reader.readSystem(event);
        reader.readData(event.data);
        flat = event;
      } else {
        flat = 'tree';
      }
    } catch (error) {
      flat = error as Error;
    }
    let tree: RecordOutcome['tree'];
    try {
      tree = flattenRecord({ recordId: header.recordId, content: materializeRecordContent(chunk, header) });
    } catch (error) {
      tree = error as Error;
    }
    return { flat, tree };
  }).records;
}

/** Builds a one-chunk file whose records each use the given template and values. */
function chunkOf(records: Array<{ template: TemplateElement; values: TestValue[] }>): Uint8Array {
  const builder = new ChunkBuilder();
  records.forEach((record, i) => {
    builder.addRecord(i + 1, new Date('2024-03-05T09:00:00Z'), (w) => {
      w.fragmentHeader();
      w.templateInstance(`t${i}`, record.template, record.values);
      w.u8(0x00);
    });
  });
  return builder.finish();
}

function systemValues(): TestValue[] {
  return [
    values.string('Microsoft-Windows-Sysmon'),
    values.guid('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'),
    values.uint16(1),
    values.uint8(5),
    values.uint8(4),
    values.hexInt64(0x8000000000000000n),
    values.filetime(new Date('2024-03-05T09:00:01.234Z')),
    values.uint64(77),
    values.null(),
    values.string('Microsoft-Windows-Sysmon/Operational'),
    values.string('host-1'),
    values.sid('S-1-5-18'),
  ];
}

const stringArray = (...items: string[]): TestValue => ({
  type: ValueType.string | 0x80,
  bytes: utf16(items.map((item) => `${item}\0`).join('')),
});

test('flat reader matches the tree on crafted templates', () => {
  const withNames = (names: string[], data: TestValue[]) => ({ template: eventTemplate(names), values: [...systemValues(), ...data] });
  const unnamed: TemplateElement = {
    name: 'Event',
    children: [
      eventTemplate([]).children![0] as TemplateElement,
      { name: 'EventData', children: [{ name: 'Data', children: [{ sub: 12 }] }, { name: 'Data', children: [{ sub: 13 }] }] },
    ],
  };
  const providerFallback: TemplateElement = {
    name: 'Event',
    children: [
      {
        name: 'System',
        children: [{ name: 'Provider', attributes: [['Name', { sub: 0, optional: true }], ['EventSourceName', 'Classic']] }],
      },
      { name: 'UserData', children: [{ name: 'Log', children: [{ name: 'Path', children: ['C:\\', { sub: 1 }] }] }] },
    ],
  };
  const cases = [
    withNames(['Image', 'CommandLine'], [values.string('C:\\a.exe'), values.string('a.exe /x')]),
    withNames(['Hashes'], [stringArray('MD5=1', 'SHA1=2')]),
    withNames(['Empty'], [stringArray()]),
    withNames(['Image'], [values.null()]),
    { template: unnamed, values: [...systemValues(), values.string('one'), values.string('two')] },
    { template: unnamed, values: [...systemValues(), stringArray('x', 'y'), values.string('two')] },
    { template: providerFallback, values: [values.null(), values.string('file.log')] },
    { template: providerFallback, values: [values.string('Named'), stringArray('a', 'b')] },
  ];
  const outcomes = bothWays(chunkOf(cases), new FlatRecordReader());
  assert.equal(outcomes.length, cases.length);
  for (const [i, outcome] of outcomes.entries()) {
    assert.ok(!(outcome.tree instanceof Error), `case ${i}: the tree path failed: ${String(outcome.tree)}`);
    if (outcome.flat !== 'tree') assert.deepEqual(outcome.flat, outcome.tree, `case ${i}`);
  }
  const flatCount = outcomes.filter((outcome) => outcome.flat !== 'tree').length;
  assert.ok(flatCount >= 6, `only ${flatCount} of ${cases.length} crafted records took the flat path`);

  const events = outcomes.map((outcome) => outcome.tree as WindowsEvent);
  assert.equal(events[1]!.data.Hashes, 'MD5=1, SHA1=2');
  assert.equal(events[2]!.data.Empty, '');
  assert.equal(events[3]!.data.Image, '');
  assert.deepEqual(events[5]!.data, { Data1: 'x', Data2: 'y', Data3: 'two' });
  assert.equal(events[6]!.provider, 'Classic');
  assert.equal(events[6]!.data.Path, 'C:\\file.log');
  assert.equal(events[0]!.timeCreated, Date.parse('2024-03-05T09:00:01.234Z'));
  assert.equal(events[0]!.recordId, 77);
});

test('flat reader leaves unreadable values to the tree', () => {
  const shortGuid: TestValue = { type: ValueType.guid, bytes: new Uint8Array(8) };
  const badSid: TestValue = { type: ValueType.sid, bytes: Uint8Array.of(1, 5, 0, 0, 0, 0, 0, 5) };
  const system = systemValues();
  const cases = [
    // The Provider Guid is not a field the flat reader reads, but the tree formats it and fails.
    { template: eventTemplate(['A']), values: [system[0]!, shortGuid, ...system.slice(2), values.string('a')] },
    { template: eventTemplate(['A']), values: [...system.slice(0, 11), badSid, values.string('a')] },
  ];
  const outcomes = bothWays(chunkOf(cases), new FlatRecordReader());
  assert.equal(outcomes.length, 2);
  for (const [i, outcome] of outcomes.entries()) {
    assert.ok(outcome.tree instanceof Error, `case ${i}: the tree path should reject the record`);
    assert.equal(outcome.flat, 'tree', `case ${i}: the flat path should hand the record to the tree`);
  }
});

test('chunk events equal tree flattening on crafted file', () => {
  const builder = new ChunkBuilder();
  for (let i = 1; i <= 20; i++) {
    builder.addRecord(i, new Date(Date.UTC(2024, 2, 5, 9, 0, i)), (w) => {
      w.fragmentHeader();
      w.templateInstance('event', eventTemplate(['Image', 'ParentImage']), [
        ...systemValues(),
        values.string(`C:\\tools\\t${i}.exe`),
        i % 3 === 0 ? values.null() : values.string('C:\\Windows\\explorer.exe'),
      ]);
      w.u8(0x00);
    });
  }
  const bytes = builder.finish();
  const directory = mkdtempSync(join(tmpdir(), 'lurewatch-flat-'));
  writeFileSync(join(directory, 'crafted.evtx'), buildEvtxFile([bytes]));
  const tree = parseChunk(bytes, 0, 0).records.map((record) => flattenRecord(record));
  assert.equal(tree.length, 20);
  assert.deepEqual(parseChunkEvents(bytes, 0, 0).events, tree);
});

test('flat reader matches the tree on dataset EVTX files', async (t) => {
  if (!existsSync(datasets)) {
    t.skip(`dataset directory ${datasets} is absent; flat and tree paths not compared on real files`);
    return;
  }
  const files = listEvtx(datasets);
  const reader = new FlatRecordReader();
  let records = 0;
  let flat = 0;
  const mismatches: string[] = [];
  for (const file of files) {
    for await (const block of readChunkBlocks(file, () => undefined)) {
      const outcomes = bothWays(block.bytes, reader);
      for (const [i, outcome] of outcomes.entries()) {
        records++;
        if (outcome.flat === 'tree') continue;
        flat++;
        // A flat read that throws falls back to the tree; a flat event must be the tree's event.
        if (outcome.flat instanceof Error) continue;
        if (!isDeepStrictEqual(outcome.flat, outcome.tree) && mismatches.length < 5) {
          mismatches.push(`${file} chunk ${block.index} record ${i}: flat ${JSON.stringify(outcome.flat)} tree ${String(JSON.stringify(outcome.tree) ?? outcome.tree)}`);
        }
      }
      // The whole-chunk reader (flat path with tree fallback) must give the tree's events and issues.
      const tree = parseChunk(block.bytes, block.index, block.fileOffset);
      const events = parseChunkEvents(block.bytes, block.index, block.fileOffset);
      assert.deepEqual(events.issues, tree.issues, `${file} chunk ${block.index}: issues differ`);
      assert.deepEqual(events.events, tree.records.map((record) => flattenRecord(record)), `${file} chunk ${block.index}: events differ`);
    }
  }
  assert.deepEqual(mismatches, []);
  t.diagnostic(`${files.length} files, ${records} records, ${flat} read by the flat path`);
  assert.ok(flat > records / 2, `only ${flat} of ${records} records took the flat path`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadDiagnostics } from '../diagnostics.js';
import type { WindowsEvent } from '../windowsEvent.js';
import { readEvtxEvents, readEvtxRecords, renderRecordJson } from './index.js';
import { chunkSize } from './chunkHeader.js';
import { ChunkBuilder, buildEvtxFile, concat, utf16, values, writeEvent } from './testing/writer.js';
import { securityLogon, sysmonProcessCreate } from './testing/events.js';
import { compileRules } from '../../detect/compileRules.js';
import { scanInputs } from '../../detect/scan.js';
import { loadRules } from '../../rules/load.js';
import { bundledRules } from '../../cli/paths.js';

const directory = mkdtempSync(join(tmpdir(), 'lurewatch-evtx-damage-'));
const t0 = new Date('2024-03-05T09:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function writeFixture(name: string, bytes: Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}

async function readAll(path: string, threads = 1): Promise<{ events: WindowsEvent[]; diag: ReadDiagnostics }> {
  const diag = new ReadDiagnostics();
  const events: WindowsEvent[] = [];
  for await (const batch of readEvtxEvents(path, diag, { threads })) events.push(...batch);
  return { events, diag };
}

function reasons(issues: { reason: string }[]): string[] {
  return issues.map((issue) => issue.reason);
}

/** E1: a dirty header that declares one chunk, then records 1-2, a zero block, records 3-5. */
function dirtyHeaderFile(): Uint8Array {
  const first = new ChunkBuilder();
  first.addRecord(1, at(1), writeEvent(securityLogon(1, at(1))));
  first.addRecord(2, at(2), writeEvent(securityLogon(2, at(2))));
  const third = new ChunkBuilder();
  third.addRecord(3, at(3), writeEvent(securityLogon(3, at(3))));
  third.addRecord(4, at(4), writeEvent(securityLogon(4, at(4))));
  third.addRecord(
    5,
    at(5),
    writeEvent(
      sysmonProcessCreate(5, at(5), {
        image: 'C:\\Users\\kestrel\\AppData\\Local\\Temp\\upd\\patch.exe',
        commandLine: '"C:\\Users\\kestrel\\AppData\\Local\\Temp\\upd\\patch.exe" /quiet',
        parentImage: 'C:\\Windows\\explorer.exe',
      }),
    ),
  );
  return buildEvtxFile([first.finish(), new Uint8Array(chunkSize), third.finish()], {
    chunkCount: 1,
    nextRecordId: 1,
    dirty: true,
  });
}

test('dirty header: every chunk is read', async () => {
  const path = writeFixture('e1-dirty-header.evtx', dirtyHeaderFile());
  const { events, diag } = await readAll(path);

  assert.deepEqual(events.map((event) => event.recordId), [1, 2, 3, 4, 5]);
  assert.equal(diag.eventsRead, 5);
  const last = events[4]!;
  assert.equal(last.provider, 'Microsoft-Windows-Sysmon');
  assert.equal(last.eventId, 1);
  assert.equal(last.data.Image, 'C:\\Users\\kestrel\\AppData\\Local\\Temp\\upd\\patch.exe');
  assert.equal(last.data.ParentImage, 'C:\\Windows\\explorer.exe');
  assert.equal(last.timeCreated, at(5).getTime());

  assert.equal(diag.skippedTotal, 1);
  assert.equal(diag.skippedSamples[0]!.location.at, 'chunk 1 at offset 0x11000');
  assert.equal(diag.skippedSamples[0]!.reason, 'chunk is all zeros');
  assert.ok(reasons(diag.warnings).some((reason) => reason.startsWith('header is stale: it declares 1 chunk, the file holds 2')));
  assert.ok(reasons(diag.warnings).some((reason) => reason.includes('marked dirty')));
});

/** E2: lying sizes in the chunk header, record headers and a template instance. */
function lyingSizesFile(): { bytes: Uint8Array; offsets: Record<string, number> } {
  const chunk = new ChunkBuilder();
  const offsets: Record<string, number> = {};
  chunk.addRecord(1, at(1), writeEvent(securityLogon(1, at(1))));
  // Data size 0: the header alone, then the size copy slot.
  offsets.zeroSize = chunk.addRaw(concat(Uint8Array.of(0x2a, 0x2a, 0, 0, 0, 0, 0, 0), new Uint8Array(24)));
  chunk.addRecord(2, at(2), writeEvent(securityLogon(2, at(2))));
  // Size 0xB8B8B8B8, far past the chunk end.
  offsets.hugeSize = chunk.addRaw(concat(Uint8Array.of(0x2a, 0x2a, 0, 0, 0xb8, 0xb8, 0xb8, 0xb8), new Uint8Array(24)));
  chunk.addRecord(3, at(3), writeEvent(securityLogon(3, at(3))));
  // A template instance that declares 0xFFFFFFFF substitutions.
  offsets.hugeCount = chunk.addRecord(4, at(4), writeEvent(securityLogon(4, at(4)), 0xffffffff));
  chunk.addRecord(5, at(5), writeEvent(securityLogon(5, at(5))));
  // A size copy that disagrees with the size, on a record whose event is cut short.
  offsets.badCopy = chunk.addRecord(6, at(6), (w) => {
    w.fragmentHeader();
    w.u8(0x0c);
  }, { sizeCopy: 0x1234 });
  chunk.addRecord(7, at(7), writeEvent(securityLogon(7, at(7))));
  // The header claims 50 records and free space up to the chunk end; zeros follow record 7.
  const bytes = chunk.finish({ lastRecordNumber: 50, lastRecordId: 50, freeSpaceOffset: chunkSize });
  return { bytes: buildEvtxFile([bytes]), offsets };
}

test('lying sizes: bad records skipped, rest read', async () => {
  const { bytes, offsets } = lyingSizesFile();
  const path = writeFixture('e2-lying-sizes.evtx', bytes);
  const heapBefore = process.memoryUsage().heapUsed;
  const { events, diag } = await readAll(path);
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

  assert.deepEqual(events.map((event) => event.recordId), [1, 2, 3, 5, 7]);
  const skipped = diag.skippedSamples.map((issue) => [issue.location.at, issue.reason]);
  const where = (offset: number) => `chunk 0, record at offset 0x${(0x1000 + offset).toString(16)}`;
  assert.deepEqual(skipped[0], [where(offsets.zeroSize!), 'record size 0 is below the minimum of 28 bytes']);
  assert.deepEqual(skipped[1], [where(offsets.hugeSize!), 'record size 3099113656 (0xb8b8b8b8) runs past the end of the chunk']);
  assert.equal(skipped[2]![0], where(offsets.hugeCount!));
  assert.match(skipped[2]![1]!, /^record 4: template instance declares 4294967295 substitutions, more than/);
  assert.equal(skipped[3]![0], where(offsets.badCopy!));
  assert.match(skipped[3]![1]!, /^record 6: /);
  assert.equal(diag.skippedTotal, 4);
  assert.ok(reasons(diag.warnings).includes('chunk header declares 50 records, 5 were read'));
  // The whole fixture is 68 KiB; reading it must not allocate anything near the declared sizes.
  assert.ok(heapGrowth < 64 * 1024 * 1024, `heap grew by ${heapGrowth} bytes`);
});

test('size copy mismatch: parsable record kept with warning', async () => {
  const chunk = new ChunkBuilder();
  chunk.addRecord(1, at(1), writeEvent(securityLogon(1, at(1))), { sizeCopy: 0 });
  chunk.addRecord(2, at(2), writeEvent(securityLogon(2, at(2))));
  const path = writeFixture('e2-size-copy.evtx', buildEvtxFile([chunk.finish()]));
  const { events, diag } = await readAll(path);

  assert.deepEqual(events.map((event) => event.recordId), [1, 2]);
  assert.equal(diag.skippedTotal, 0);
  assert.ok(reasons(diag.warnings).some((reason) => reason.startsWith('record 1: size copy at the record end differs')));
});

/** E3: a CommandLine holding a lone high surrogate (bytes 00 D8) before ".pdf.exe". */
function loneSurrogateFile(): Uint8Array {
  const chunk = new ChunkBuilder();
  const commandLine = concat(utf16('"C:\\Users\\m.ortega\\Downloads\\scan_'), Uint8Array.of(0x00, 0xd8), utf16('.pdf.exe"'));
  chunk.addRecord(
    1,
    at(1),
    writeEvent(
      sysmonProcessCreate(1, at(1), {
        image: 'C:\\Users\\m.ortega\\Downloads\\scan_.pdf.exe',
        commandLine: values.rawString(commandLine),
        parentImage: 'C:\\Windows\\explorer.exe',
        user: 'CORP\\m.ortega',
      }),
    ),
  );
  return buildEvtxFile([chunk.finish()]);
}

test('lone surrogate becomes U+FFFD', async () => {
  const path = writeFixture('e3-lone-surrogate.evtx', loneSurrogateFile());
  const { events, diag } = await readAll(path);

  assert.equal(events.length, 1);
  assert.equal(diag.skippedTotal, 0);
  const event = events[0]!;
  assert.equal(event.data.CommandLine, '"C:\\Users\\m.ortega\\Downloads\\scan_\uFFFD.pdf.exe"');
  assert.equal(event.data.Image, 'C:\\Users\\m.ortega\\Downloads\\scan_.pdf.exe');
  assert.equal(event.data.ParentImage, 'C:\\Windows\\explorer.exe');
  assert.equal(event.data.User, 'CORP\\m.ortega');

  const records = [];
  for await (const batch of readEvtxRecords(path, new ReadDiagnostics())) records.push(...batch);
  const line = renderRecordJson(records[0]!);
  assert.ok(!/[\uD800-\uDFFF]/.test(line), 'JSON line holds no surrogate code unit');
  const parsed = JSON.parse(line) as { Event: { EventData: Record<string, string> } };
  assert.equal(parsed.Event.EventData.CommandLine, event.data.CommandLine);
});

test('bad checksums: chunk read, mismatch warned', async () => {
  const headerBad = new ChunkBuilder();
  headerBad.addRecord(1, at(1), writeEvent(securityLogon(1, at(1))));
  const recordsBad = new ChunkBuilder();
  recordsBad.addRecord(2, at(2), writeEvent(securityLogon(2, at(2))));
  const path = writeFixture(
    'e4-bad-checksums.evtx',
    buildEvtxFile([headerBad.finish({ corruptHeaderChecksum: true }), recordsBad.finish({ corruptRecordsChecksum: true })]),
  );
  const { events, diag } = await readAll(path);

  assert.deepEqual(events.map((event) => event.recordId), [1, 2]);
  assert.equal(diag.skippedTotal, 0);
  const warnings = diag.warnings.map((issue) => `${issue.location.at}: ${issue.reason}`);
  assert.ok(warnings.some((w) => /^chunk 0 at offset 0x1000: chunk header CRC32 0x[0-9a-f]+ does not match computed/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => /^chunk 1 at offset 0x11000: event records CRC32 0x[0-9a-f]+ does not match computed/.test(w)), warnings.join('\n'));
});

test('bad checksums: unreadable chunk skipped', async () => {
  const good = new ChunkBuilder();
  good.addRecord(1, at(1), writeEvent(securityLogon(1, at(1))));
  const broken = new ChunkBuilder();
  broken.addRecord(2, at(2), writeEvent(securityLogon(2, at(2))));
  const brokenBytes = broken.finish({ corruptHeaderChecksum: true });
  brokenBytes.set(utf16('XX'), 0); // the signature no longer reads "ElfChnk"
  const last = new ChunkBuilder();
  last.addRecord(3, at(3), writeEvent(securityLogon(3, at(3))));
  const path = writeFixture('e4-unreadable.evtx', buildEvtxFile([good.finish(), brokenBytes, last.finish()]));
  const { events, diag } = await readAll(path);

  assert.deepEqual(events.map((event) => event.recordId), [1, 3]);
  assert.equal(diag.skippedTotal, 1);
  assert.equal(diag.skippedSamples[0]!.location.at, 'chunk 1 at offset 0x11000');
  assert.equal(diag.skippedSamples[0]!.reason, 'chunk signature is not "ElfChnk", chunk skipped');
});

test('file that is not EVTX is rejected', async () => {
  const path = writeFixture('not-evtx.evtx', utf16('<Event/>'));
  await assert.rejects(readAll(path), /not an EVTX file/);
});

test('threads keep record order', async () => {
  const path = writeFixture('workers-order.evtx', dirtyHeaderFile());
  const single = await readAll(path, 1);
  const parallel = await readAll(path, 2);

  assert.deepEqual(parallel.events, single.events);
  assert.equal(parallel.diag.eventsRead, 5);
  assert.deepEqual(reasons(parallel.diag.skippedSamples), reasons(single.diag.skippedSamples));
});

async function referenceRuleAlerts(path: string): Promise<{ category: string; columns: Record<string, unknown> }[]> {
  const rules = compileRules(loadRules([join(bundledRules, 't1204-user-execution.yaml')]), { now: Date.now(), lookback: 'ignore' });
  const { alerts } = await scanInputs(rules, [path]);
  return alerts.map((alert) => ({ category: alert.category, columns: alert.columns }));
}

test('dirty header: alert from recovered chunk', async () => {
  const path = writeFixture('e1-alert.evtx', dirtyHeaderFile());
  const alerts = await referenceRuleAlerts(path);

  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.category, 'Executable Launched from User-Writable Directory');
  assert.equal(alerts[0]!.columns.FolderPath, 'C:\\Users\\kestrel\\AppData\\Local\\Temp\\upd\\patch.exe');
});

test('lone surrogate: alert still fires', async () => {
  const path = writeFixture('e3-alert.evtx', loneSurrogateFile());
  const alerts = await referenceRuleAlerts(path);

  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.columns.FileName, 'scan_.pdf.exe');
});

test('truncated copy: records before the cut are read', async () => {
  const chunk = new ChunkBuilder();
  for (let id = 1; id <= 4; id++) chunk.addRecord(id, at(id), writeEvent(securityLogon(id, at(id))));
  chunk.addRecord(
    5,
    at(5),
    writeEvent(
      sysmonProcessCreate(5, at(5), {
        image: 'C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe',
        commandLine: '"C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe"',
        parentImage: 'C:\\Windows\\explorer.exe',
      }),
    ),
  );
  const whole = buildEvtxFile([chunk.finish()], { chunkCount: 1, nextRecordId: 6 });
  // Cut the file inside the chunk's unused space: every record is before the cut.
  const cut = whole.length - 1000;
  const path = writeFixture('truncated.evtx', whole.subarray(0, cut));

  const { events, diag } = await readAll(path);
  assert.deepEqual(events.map((event) => event.recordId), [1, 2, 3, 4, 5]);
  assert.equal(diag.skippedTotal, 0);
  assert.ok(reasons(diag.warnings).some((reason) => reason.includes('truncated copy')), reasons(diag.warnings).join('; '));

  const rules = compileRules(loadRules([join(bundledRules, 't1204-user-execution.yaml')]), { now: 0, lookback: 'ignore' });
  const { alerts } = await scanInputs(rules, [path]);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.columns.FileName, 'Invoice_7731.exe');
});

test('file cut inside its header is reported', async () => {
  const whole = buildEvtxFile([new ChunkBuilder().finish()], { chunkCount: 1, nextRecordId: 1 });
  const path = writeFixture('header-only.evtx', whole.subarray(0, 2000));
  const { events, diag } = await readAll(path);
  assert.equal(events.length, 0);
  assert.ok(reasons(diag.warnings).some((reason) => reason.includes('file header')), reasons(diag.warnings).join('; '));
});

test('truncated copy: a split record is dropped', async () => {
  const chunk = new ChunkBuilder();
  for (let id = 1; id <= 3; id++) chunk.addRecord(id, at(id), writeEvent(securityLogon(id, at(id))));
  const whole = buildEvtxFile([chunk.finish()], { chunkCount: 1, nextRecordId: 4 });
  // Walk the records of the only chunk (file header 4096 bytes, chunk header 512) to find where the last one ends.
  const view = new DataView(whole.buffer, whole.byteOffset, whole.byteLength);
  let offset = 4096 + 512;
  let lastStart = offset;
  while (view.getUint32(offset, true) === 0x00002a2a) {
    lastStart = offset;
    offset += view.getUint32(offset + 4, true);
  }
  const path = writeFixture('split-record.evtx', whole.subarray(0, lastStart + 40));

  const { events, diag } = await readAll(path);
  assert.deepEqual(events.map((event) => event.recordId), [1, 2], 'record 3 lost its tail and is not invented');
  assert.ok(reasons(diag.warnings).some((reason) => reason.includes('the record the cut splits')), reasons(diag.warnings).join('; '));
});

test('damaged file header: chunks still read', async () => {
  const chunk = new ChunkBuilder();
  for (let id = 1; id <= 3; id++) chunk.addRecord(id, at(id), writeEvent(securityLogon(id, at(id))));
  const bytes = buildEvtxFile([chunk.finish()], { chunkCount: 1, nextRecordId: 4 });
  bytes.set(new TextEncoder().encode('XXXXXXXX'), 0);
  const path = writeFixture('damaged-header.evtx', bytes);

  const { events, diag } = await readAll(path);
  assert.deepEqual(events.map((event) => event.recordId), [1, 2, 3]);
  assert.ok(reasons(diag.warnings).some((reason) => reason.startsWith('file header is damaged')), reasons(diag.warnings).join('; '));

  const { sniffFormat } = await import('../sniff.js');
  assert.equal(sniffFormat(Buffer.from(bytes.subarray(0, 65536)), false).format, 'evtx', 'sniffed by the first chunk');
});

test('mutated files never throw', async () => {
  const chunk = new ChunkBuilder();
  for (let id = 1; id <= 6; id++) {
    const event = id % 2
      ? securityLogon(id, at(id))
      : sysmonProcessCreate(id, at(id), { image: `C:\\Users\\kestrel\\Downloads\\tool${id}.exe`, commandLine: `tool${id}.exe /s`, parentImage: 'C:\\Windows\\explorer.exe' });
    chunk.addRecord(id, at(id), writeEvent(event));
  }
  const original = buildEvtxFile([chunk.finish(), chunk.finish()], { chunkCount: 2, nextRecordId: 7 });
  // A fixed linear congruential generator, so every run mutates the same bytes.
  let seed = 20261204;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let round = 0; round < 120; round++) {
    const bytes = Uint8Array.from(original);
    const changes = 1 + Math.floor(random() * 24);
    for (let i = 0; i < changes; i++) {
      // Mostly chunk and record bytes; one round in ten also hits the file header.
      const from = round % 10 === 0 ? 0 : 4096;
      const offset = from + Math.floor(random() * (bytes.length - from - 4));
      if (round % 2) bytes[offset] = Math.floor(random() * 256);
      else new DataView(bytes.buffer).setUint32(offset, Math.floor(random() * 0xffffffff) >>> 0, true);
    }
    const path = writeFixture('mutated.evtx', bytes);
    try {
      await readAll(path);
      for await (const records of readEvtxRecords(path, new ReadDiagnostics())) for (const record of records) renderRecordJson(record);
    } catch (error) {
      // Only an unusable file header may end the read, and it must say so.
      assert.match(String(error), /EvtxFormatError|not "ElfFile"/, `round ${round}: ${String(error)}`);
    }
  }
});

test('file cut inside a chunk header says so', async () => {
  const chunks = [1, 3].map((first) => {
    const builder = new ChunkBuilder();
    builder.addRecord(first, at(first), writeEvent(securityLogon(first, at(first))));
    builder.addRecord(first + 1, at(first + 1), writeEvent(securityLogon(first + 1, at(first + 1))));
    return builder.finish();
  });
  const whole = buildEvtxFile(chunks);
  // The file header, one whole chunk, then 104 bytes of the next chunk's 512-byte header.
  const path = writeFixture('cut-in-chunk-header.evtx', whole.subarray(0, 4096 + 65536 + 104));
  for (const threads of [1, 2]) {
    const { events, diag } = await readAll(path, threads);
    assert.deepEqual(events.map((event) => event.recordId), [1, 2], `${threads} threads: the whole chunk is read`);
    const texts = diag.warnings.map((issue) => `${issue.location.at}: ${issue.reason}`);
    assert.ok(
      texts.some((text) => text.startsWith('chunk 1 at offset 0x11000: file ends 104 bytes into this chunk, inside its 512-byte header')),
      `${threads} threads: ${texts.join(' | ')}`,
    );
    assert.ok(!texts.some((text) => text.includes('slack')), `${threads} threads: not called slack`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadDiagnostics } from '../diagnostics.js';
import type { TableRow } from '../types.js';
import type { WindowsEvent } from '../windowsEvent.js';
import { chunkSize } from './chunkHeader.js';
import { EvtxThreads, readEvtxEvents, readEvtxRows } from './index.js';
import { securityLogon, sysmonProcessCreate, sysmonRegistrySet } from './testing/events.js';
import { ChunkBuilder, buildEvtxFile, writeEvent } from './testing/writer.js';

const directory = mkdtempSync(join(tmpdir(), 'lurewatch-evtx-workers-'));
const t0 = Date.UTC(2024, 2, 5, 9, 0, 0);

function chunkWithRecords(firstId: number, count: number): Uint8Array {
  const builder = new ChunkBuilder();
  for (let id = firstId; id < firstId + count; id++) {
    const time = new Date(t0 + id * 1000);
    const event =
      id % 3 === 0
        ? securityLogon(id, time)
        : id % 3 === 1
          ? sysmonRegistrySet(id, time, `HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU\\a`, `cmd /c echo ${id}`)
          : sysmonProcessCreate(id, time, {
            image: `C:\\Users\\kestrel\\Downloads\\tool${id}.exe`,
            commandLine: `"C:\\Users\\kestrel\\Downloads\\tool${id}.exe" /s`,
            parentImage: 'C:\\Windows\\explorer.exe',
          });
    builder.addRecord(id, time, writeEvent(event));
  }
  return builder.finish();
}

/** Builds `chunks` blocks of 3 records each, with the blocks in `replace` as zeros or other bytes. */
function layout(chunks: number, replace: Record<number, 'zero' | 'foreign'> = {}): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (let i = 0; i < chunks; i++) {
    const kind = replace[i];
    if (kind === 'zero') blocks.push(new Uint8Array(chunkSize));
    else if (kind === 'foreign') blocks.push(new Uint8Array(chunkSize).fill(0x5a));
    else blocks.push(chunkWithRecords(i * 3 + 1, 3));
  }
  return blocks;
}

interface Read<T> {
  items: T[];
  diag: ReadDiagnostics;
}

async function readEvents(path: string, threads: number): Promise<Read<WindowsEvent>> {
  const diag = new ReadDiagnostics();
  const items: WindowsEvent[] = [];
  for await (const batch of readEvtxEvents(path, diag, { threads })) items.push(...batch);
  return { items, diag };
}

async function readRows(path: string, threads: number, tables?: ReadonlySet<string>): Promise<Read<TableRow>> {
  const diag = new ReadDiagnostics();
  const items: TableRow[] = [];
  for await (const batch of readEvtxRows(path, 'fixture.evtx', diag, { threads, tables })) items.push(...batch);
  return { items, diag };
}

function assertSameRead<T>(parallel: Read<T>, single: Read<T>, name: string): void {
  assert.deepEqual(parallel.items, single.items, `${name}: items`);
  assert.equal(parallel.diag.eventsRead, single.diag.eventsRead, `${name}: records read`);
  assert.deepEqual(parallel.diag.skippedSamples, single.diag.skippedSamples, `${name}: skips`);
  assert.deepEqual(parallel.diag.warnings, single.diag.warnings, `${name}: warnings`);
  assert.deepEqual([...parallel.diag.ignoredByReason], [...single.diag.ignoredByReason], `${name}: ignored`);
  assert.deepEqual([...parallel.diag.rowsByTable], [...single.diag.rowsByTable], `${name}: rows by table`);
}

const fixtures: Array<[string, Uint8Array]> = [
  // 40 chunks span three worker ranges of 16 blocks.
  ['many chunks', buildEvtxFile(layout(40))],
  ['zero and foreign blocks inside', buildEvtxFile(layout(20, { 3: 'zero', 16: 'foreign', 17: 'zero' }))],
  ['slack after the last chunk', buildEvtxFile(layout(18, { 16: 'foreign', 17: 'zero' }))],
  ['stale header', buildEvtxFile(layout(5), { chunkCount: 2, dirty: true })],
  ['chunk cut short', buildEvtxFile(layout(17)).subarray(0, 4096 + 16 * chunkSize + 30000)],
  ['foreign tail cut short', buildEvtxFile(layout(3, { 2: 'foreign' })).subarray(0, 4096 + 2 * chunkSize + 100)],
  ['header only', buildEvtxFile([])],
  ['cut inside the header', buildEvtxFile(layout(1)).subarray(0, 2000)],
];

for (const [name, bytes] of fixtures) {
  test(`threads match one thread: ${name}`, async () => {
    const path = join(directory, `${name.replaceAll(' ', '-')}.evtx`);
    writeFileSync(path, bytes);

    const singleEvents = await readEvents(path, 1);
    assertSameRead(await readEvents(path, 2), singleEvents, `${name}, events with 2 threads`);
    assertSameRead(await readEvents(path, 4), singleEvents, `${name}, events with 4 threads`);
    assertSameRead(await readRows(path, 2), await readRows(path, 1), `${name}, rows`);
    const processOnly = new Set(['DeviceProcessEvents']);
    assertSameRead(await readRows(path, 3, processOnly), await readRows(path, 1, processOnly), `${name}, process rows`);
  });
}

test('worker fixtures hold records', async () => {
  const path = join(directory, 'count.evtx');
  writeFileSync(path, buildEvtxFile(layout(40)));
  const { items, diag } = await readEvents(path, 2);
  assert.equal(items.length, 120);
  assert.equal(diag.eventsRead, 120);
  assert.deepEqual(
    items.slice(0, 4).map((event) => event.recordId),
    [1, 2, 3, 4],
  );
});

test('rows of tables not asked for are counted, not built', async () => {
  const path = join(directory, 'tables.evtx');
  writeFileSync(path, buildEvtxFile(layout(20)));
  for (const threads of [1, 3]) {
    const all = await readRows(path, threads);
    const processOnly = await readRows(path, threads, new Set(['DeviceProcessEvents']));
    assert.deepEqual(processOnly.items, all.items.filter((item) => item.table === 'DeviceProcessEvents'), `${threads} threads: rows`);
    assert.ok(all.items.some((item) => item.table === 'DeviceRegistryEvents'), 'the fixture holds registry rows');
    assert.deepEqual([...processOnly.diag.rowsByTable], [...all.diag.rowsByTable], `${threads} threads: rows by table`);
    assert.deepEqual([...processOnly.diag.ignoredByReason], [...all.diag.ignoredByReason], `${threads} threads: ignored`);
  }
});

test('one pool serves several files, also after a read stopped early', async () => {
  const first = join(directory, 'pool-first.evtx');
  const second = join(directory, 'pool-second.evtx');
  writeFileSync(first, buildEvtxFile(layout(40)));
  writeFileSync(second, buildEvtxFile(layout(33, { 5: 'foreign' })));
  const pool = new EvtxThreads(3);
  try {
    // Leaves ranges in flight on the workers, whose late replies must not reach the next file.
    for await (const batch of readEvtxEvents(first, new ReadDiagnostics(), { pool })) if (batch.length > 0) break;
    const diag = new ReadDiagnostics();
    const items: WindowsEvent[] = [];
    for await (const batch of readEvtxEvents(second, diag, { pool })) items.push(...batch);
    assertSameRead({ items, diag }, await readEvents(second, 1), 'second file on the shared pool');
    assertSameRead(await readEventsWith(first, pool), await readEvents(first, 1), 'first file read again on the shared pool');
  } finally {
    await pool.close();
  }
});

async function readEventsWith(path: string, pool: EvtxThreads): Promise<Read<WindowsEvent>> {
  const diag = new ReadDiagnostics();
  const items: WindowsEvent[] = [];
  for await (const batch of readEvtxEvents(path, diag, { pool })) items.push(...batch);
  return { items, diag };
}

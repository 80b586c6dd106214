import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { datasetPath, missingShared, projectRoot } from '../testing/shared.js';
import { ChunkBuilder, buildEvtxFile, writeEvent } from '../sources/evtx/testing/writer.js';
import { sysmonProcessCreate, sysmonRegistrySet } from '../sources/evtx/testing/events.js';

const cli = join(projectRoot, 'dist', 'cli', 'main.js');
const folder = mkdtempSync(join(tmpdir(), 'lurewatch-evtx-inputs-'));

function lurewatch(args: string[], input?: Buffer) {
  const result = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const when = new Date('2024-03-05T09:00:00.000Z');
const chunk = new ChunkBuilder();
chunk.addRecord(
  1,
  when,
  writeEvent(
    sysmonProcessCreate(1, when, {
      image: 'C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe',
      commandLine: '"C:\\Users\\kestrel\\Downloads\\Invoice_7731.exe"',
      parentImage: 'C:\\Windows\\explorer.exe',
    }),
  ),
);
const evtx = Buffer.from(buildEvtxFile([chunk.finish()]));
const gzipped = join(folder, 'sysmon.evtx.gz');
writeFileSync(gzipped, gzipSync(evtx));

test('scan reads gzip-compressed EVTX', () => {
  const { code, stdout, stderr } = lurewatch(['scan', gzipped, '--rule', join(projectRoot, 'rules', 't1204-user-execution.yaml')]);
  assert.equal(code, 0, stderr);
  const alerts = stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].FileName, 'Invoice_7731.exe');
});

test('scan reads EVTX from standard input', () => {
  const { code, stdout, stderr } = lurewatch(['scan', '-', '--rule', join(projectRoot, 'rules', 't1204-user-execution.yaml')], evtx);
  assert.equal(code, 0, stderr);
  assert.equal(stdout.trim().split('\n').length, 1);
  assert.match(stderr, /Read 1 file: 1 events?, 1 process event/);
});

test('dump reads gzip and standard input', () => {
  const fromGzip = lurewatch(['dump', gzipped]);
  assert.equal(fromGzip.code, 0, fromGzip.stderr);
  assert.equal(JSON.parse(fromGzip.stdout.trim()).recordId, 1);
  const fromStdin = lurewatch(['dump', '-', '--format', 'xml'], evtx);
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.match(fromStdin.stdout, /<EventRecordID>1<\/EventRecordID>/);
});

test('spooled copies are removed', () => {
  const left = readdirSync(tmpdir()).filter((name) => name.startsWith('lurewatch-spool-'));
  assert.deepEqual(left, []);
});

test('dump exits 0 when it skips a chunk', () => {
  const second = new ChunkBuilder();
  second.addRecord(
    2,
    when,
    writeEvent(sysmonProcessCreate(2, when, { image: 'C:\\Windows\\System32\\notepad.exe', commandLine: 'notepad.exe', parentImage: 'C:\\Windows\\explorer.exe' })),
  );
  const garbage = new Uint8Array(65536).fill(0x41);
  const damaged = join(folder, 'damaged.evtx');
  writeFileSync(damaged, buildEvtxFile([chunk.finish(), garbage, second.finish()]));
  const result = lurewatch(['dump', damaged]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim().split('\n').length, 2);
  assert.match(result.stderr, /skipped: .*chunk 1 at offset 0x11000: chunk signature is not "ElfChnk"/);
  assert.match(result.stderr, /2 records read, 1 skipped/);
});

/** 40 chunks (three ranges of 16) of Sysmon process and registry events. */
function threadsFixtureBytes(): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (let c = 0; c < 40; c++) {
    const builder = new ChunkBuilder();
    for (let i = 0; i < 4; i++) {
      const id = c * 4 + i + 1;
      const time = new Date(when.getTime() + id * 1000);
      const event =
        i === 0
          ? sysmonRegistrySet(id, time, 'HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU\\a', 'powershell -w h -c iwr\\1')
          : sysmonProcessCreate(id, time, {
              image: i === 1 ? `C:\\Users\\kestrel\\Downloads\\tool${id}.exe` : 'C:\\Windows\\System32\\notepad.exe',
              commandLine: `"tool${id}.exe"`,
              parentImage: 'C:\\Windows\\explorer.exe',
            });
      builder.addRecord(id, time, writeEvent(event));
    }
    chunks.push(builder.finish());
  }
  return buildEvtxFile(chunks);
}

/** The threads fixture as a file, written once. */
const threadsFixture = join(folder, 'threads.evtx');
writeFileSync(threadsFixture, threadsFixtureBytes());

test('scan gives the same alerts and summary on any number of threads', () => {
  const path = threadsFixture;
  const one = lurewatch(['scan', path, '--threads', '1']);
  const three = lurewatch(['scan', path, '--threads', '3']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(three.code, 0, three.stderr);
  assert.equal(one.stdout.trim().split('\n').length, 40 + 40, 'one alert per Downloads launch and per RunMRU write');
  assert.equal(three.stdout, one.stdout);
  assert.equal(three.stderr, one.stderr);
  assert.match(one.stderr, /Read 1 file: 160 events, 120 process events/);
  assert.match(one.stderr, /40 rows of DeviceRegistryEvents/);

  // With the reference rule alone, registry events are counted without being built.
  const reference = lurewatch(['scan', path, '--threads', '3', '--rule', join(projectRoot, 'rules', 't1204-user-execution.yaml')]);
  assert.equal(reference.stdout.trim().split('\n').length, 40);
  assert.match(reference.stderr, /40 rows of DeviceRegistryEvents/);

  const invalid = lurewatch(['scan', path, '--threads', '0']);
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /invalid thread count '0'/);
});

test('threads and the row filter change nothing on the shared datasets', { skip: missingShared(datasetPath()) }, () => {
  // Every file on three threads, whatever its size: the pool, the calling thread's own ranges
  // and the workers' row filter all run, on 400-odd real files in one read.
  const one = lurewatch(['scan', datasetPath(), '--threads', '1', '--no-exceptions']);
  const three = lurewatch(['scan', datasetPath(), '--threads', '3', '--no-exceptions']);
  assert.equal(one.code, 0, one.stderr);
  assert.ok(one.stdout.trim().split('\n').length >= 10, 'the datasets give alerts');
  assert.equal(three.stdout, one.stdout);
  assert.equal(three.stderr, one.stderr);
});

test('dump prints the same on any number of threads', () => {
  for (const format of ['jsonl', 'xml']) {
    const one = lurewatch(['dump', threadsFixture, '--format', format, '--threads', '1']);
    const three = lurewatch(['dump', threadsFixture, '--format', format, '--threads', '3']);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stderr, /160 records read, 0 skipped/);
    assert.equal(three.stdout, one.stdout, `${format} output`);
    assert.equal(three.stderr, one.stderr, `${format} messages`);
  }
});

test('query gives the same rows on any number of threads', () => {
  const text = "DeviceRegistryEvents | where RegistryValueData has 'powershell' | summarize n = count() by InitiatingProcessFileName";
  const one = lurewatch(['query', text, threadsFixture, '--threads', '1']);
  const three = lurewatch(['query', text, threadsFixture, '--threads', '3']);
  assert.equal(one.code, 0, one.stderr);
  assert.deepEqual(JSON.parse(one.stdout), { InitiatingProcessFileName: 'explorer.exe', n: 40 });
  assert.equal(three.stdout, one.stdout);
  assert.equal(three.stderr, one.stderr);
});

test('dump names a missing, empty or folder input', () => {
  const missing = lurewatch(['dump', join(folder, 'missing.evtx')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read input '.*missing\.evtx': no such file or folder; check the path/);
  const emptyFile = join(folder, 'empty.evtx');
  writeFileSync(emptyFile, '');
  const empty = lurewatch(['dump', emptyFile]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /empty\.evtx: empty file, nothing to dump/);
  const directory = lurewatch(['dump', folder]);
  assert.equal(directory.code, 2);
  assert.match(directory.stderr, /is a folder: dump reads one EVTX file/);
  assert.equal(missing.stdout + empty.stdout + directory.stdout, '');
});

test('an interrupted scan removes its spooled copy', async () => {
  const spools = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('lurewatch-spool-')));
  const before = spools();
  const child = spawn(process.execPath, [cli, 'scan', '-'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  try {
    // All but the end of an EVTX file, past the 64 KiB the format sniffer waits for, with standard
    // input left open, so the scan waits in the middle of its spool.
    child.stdin.write(evtx.subarray(0, evtx.length - 100));
    let created: string[] = [];
    for (let tries = 0; tries < 100 && created.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      created = [...spools()].filter((name) => !before.has(name));
    }
    assert.equal(created.length, 1, 'the scan spooled standard input');
    child.kill('SIGINT');
    assert.equal(await exited, 'SIGINT');
    assert.ok(!existsSync(join(tmpdir(), created[0]!)), `${created[0]} was removed`);
  } finally {
    child.kill('SIGKILL');
  }
});

test('dump stops quietly when its reader closes the pipe', async () => {
  // Several megabytes of XML, so that dump is still writing when the pipe closes.
  const chunks: Uint8Array[] = [];
  for (let c = 0; c < 40; c++) {
    const builder = new ChunkBuilder();
    for (let i = 0; i < 60; i++) {
      const id = c * 60 + i + 1;
      const time = new Date(when.getTime() + id * 1000);
      builder.addRecord(id, time, writeEvent(sysmonProcessCreate(id, time, { image: 'C:\\Windows\\System32\\notepad.exe', commandLine: 'notepad.exe', parentImage: 'C:\\Windows\\explorer.exe' })));
    }
    chunks.push(builder.finish());
  }
  const large = join(folder, 'large.evtx');
  writeFileSync(large, buildEvtxFile(chunks));
  const child = spawn(process.execPath, [cli, 'dump', large, '--format', 'xml'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // Like `head -c 100`: take the first bytes, then close the pipe while dump still writes.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Error:/);
});

test('gzip cut short still gives its whole records', () => {
  const whole = gzipSync(Buffer.from(threadsFixtureBytes()));
  const cut = join(folder, 'cut.evtx.gz');
  writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
  const scan = lurewatch(['scan', cut, '--rule', join(projectRoot, 'rules', 't1204-user-execution.yaml')]);
  assert.equal(scan.code, 0, scan.stderr);
  assert.ok(scan.stdout.trim().split('\n').length >= 1, 'alerts from the records before the cut');
  assert.match(scan.stderr, /cut\.evtx\.gz: compressed data ends early \(unexpected end of file\)/);
  assert.doesNotMatch(scan.stderr, /lurewatch-spool-/, 'messages name the input, not the temporary copy');
  const dump = lurewatch(['dump', cut]);
  assert.equal(dump.code, 0, dump.stderr);
  assert.match(dump.stderr, /warning: .*cut\.evtx\.gz: compressed data ends early/);
  assert.doesNotMatch(dump.stderr, /lurewatch-spool-/);
  const emptyStdin = lurewatch(['dump', '-'], Buffer.alloc(0));
  assert.equal(emptyStdin.code, 2);
  assert.match(emptyStdin.stderr, /standard input is empty, nothing to dump/);
});

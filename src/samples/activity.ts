import type { Host, UserSession } from './boot.js';
import type { Proc } from './device.js';
import { networkServiceAccount, systemAccount, ticksPerSecond } from './device.js';
import type { Image } from './images.js';
import { apps, chromeVersion, edgeVersion, makeImage } from './images.js';
import type { Prng } from './prng.js';

/** Calls `action` at times from `from` to `to`, spaced by `meanGapSeconds` give or take 70%. */
export function every(rng: Prng, from: number, to: number, meanGapSeconds: number, action: (at: number) => void): void {
  const gap = () => Math.round(meanGapSeconds * (0.3 + rng.next() * 1.4) * ticksPerSecond);
  for (let at = from + gap(); at < to; at += gap()) action(at);
}

/**
 * Background work that Windows, Defender and the management agents do all day: search indexing,
 * WMI, COM surrogates, scheduled tasks, updaters and Intune health scripts.
 */
export function systemBackground(host: Host, from: number, to: number, intensity: number): void {
  const { sim } = host;
  const { rng, images } = sim;
  const system = { account: systemAccount, integrity: 'System', elevation: 'TokenElevationTypeDefault' };
  every(rng, from, to, 420 / intensity, (at) => {
    sim.spawn(
      host.searchIndexer,
      images.searchProtocolHost,
      `"${images.searchProtocolHost.path}" Global\\UsGthrFltPipeMssGthrPipe${rng.int(1, 400)}_ Global\\UsGthrCtrlFltPipeMssGthrPipe${rng.int(1, 400)} 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon" `,
      at,
    );
    sim.spawn(
      host.searchIndexer,
      images.searchFilterHost,
      `"${images.searchFilterHost.path}" 0 ${rng.int(700, 900)} ${rng.int(800, 1000)} ${rng.int(900, 1100)} {${guid(rng)}}`,
      at + 2 * ticksPerSecond,
      { account: systemAccount, integrity: 'Low' },
    );
  });
  every(rng, from, to, 600 / intensity, (at) => {
    sim.spawn(host.svchost.dcom, images.wmiPrvSE, `${images.wmiPrvSE.path.replace('C:\\Windows', 'C:\\WINDOWS')} -secured -Embedding`, at, {
      account: rng.chance(0.5) ? systemAccount : networkServiceAccount,
      integrity: 'System',
    });
  });
  every(rng, from, to, 900 / intensity, (at) => {
    sim.spawn(host.svchost.dcom, images.dllhost, `C:\\WINDOWS\\system32\\DllHost.exe /Processid:{${guid(rng).toUpperCase()}}`, at, system);
  });
  every(rng, from, to, 3600, (at) => {
    sim.spawn(host.svchost.schedule, images.taskhostw, 'taskhostw.exe', at, system);
  });
  every(rng, from, to, 3600, (at) => {
    sim.spawn(
      host.svchost.schedule,
      apps.edgeUpdate,
      '"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe" /ua /installsource scheduler',
      at,
      system,
    );
  });
  every(rng, from, to, 3600, (at) => {
    const run = sim.spawn(
      host.msMpEng,
      apps.mpCmdRun,
      `"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.25100.9008-0\\MpCmdRun.exe" ${rng.pick(mpCmdRunArguments)}`,
      at,
      system,
    );
    sim.console(run);
  });
  every(rng, from, to, 7200, (at) => {
    sim.spawn(host.svchost.schedule, images.compattelrunner, 'C:\\WINDOWS\\system32\\compattelrunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun -cv:' + `${rng.hex(8)}.1`, at, system);
  });
  every(rng, from, to, 5400, (at) => {
    sim.spawn(host.svchost.schedule, images.usoclient, 'C:\\WINDOWS\\system32\\usoclient.exe StartScan', at, system);
    sim.spawn(host.svchost.dcom, images.mousocoreworker, 'C:\\WINDOWS\\System32\\mousocoreworker.exe -Embedding', at + 4 * ticksPerSecond, system);
  });
  every(rng, from, to, 2700, (at) => {
    sim.spawn(host.services, images.sppsvc, 'C:\\WINDOWS\\system32\\sppsvc.exe', at, {
      account: networkServiceAccount,
      integrity: 'System',
    });
  });
  if (host.intune) {
    const intune = host.intune;
    every(rng, from, to, 3600, (at) => {
      const script = `C:\\WINDOWS\\IMECache\\HealthScripts\\${rng.pick(healthScripts)}_1`;
      const executor = sim.spawn(
        intune,
        apps.agentExecutor,
        `"agentexecutor.exe"  -remediationScript  ""${script}\\detect.ps1"" ""${script}\\PreDetectScript.output"" 3600 "C:\\Windows\\System32\\WindowsPowerShell\\v1.0" 0`,
        at,
        system,
      );
      const ps = sim.spawn(
        executor,
        images.powershell,
        `"powershell.exe" -NoProfile -executionPolicy bypass -file  "${script}\\detect.ps1" `,
        at + ticksPerSecond / 10,
      );
      sim.console(ps);
    });
  }
  if (!sim.device.isServer) {
    every(rng, from, to, 3 * 3600, (at) => {
      sim.spawn(
        host.svchost.schedule,
        apps.oneDriveUpdater,
        '"C:\\Program Files\\Microsoft OneDrive\\OneDriveStandaloneUpdater.exe" /reporting',
        at,
        system,
      );
    });
    every(rng, from, to, 3600, (at) => {
      sim.spawn(
        host.svchost.schedule,
        apps.googleUpdater,
        '"C:\\Program Files (x86)\\Google\\GoogleUpdater\\142.0.7416.0\\updater.exe" --wake --system',
        at,
        system,
      );
    });
    if (host.clickToRun) {
      const c2r = host.clickToRun;
      every(rng, from, to, 4 * 3600, (at) => {
        sim.spawn(
          c2r,
          apps.officeC2RClient,
          '"C:\\Program Files\\Common Files\\Microsoft Shared\\ClickToRun\\OfficeC2RClient.exe" /frequentupdate SCHEDULEDTASK displaylevel=False',
          at,
        );
      });
    }
  }
}

const mpCmdRunArguments = [
  'SignaturesUpdateService -ScheduleJob -UnmanagedUpdate',
  '-IdleTask -TaskName WdCacheMaintenance',
  '-wdenable',
  'GetDeviceTicket -AccessKey ' + '0C2B7E1F-6A43-4F25-9B11-3D52E8A07C4D',
];

const healthScripts = [
  '155214a6-46fc-4963-8114-e1a399d938bf',
  '7c2f0a31-2b8e-4f4c-9d6a-0e5b8f3a1c22',
  'e4a9b6d0-5f13-4c7e-8a21-93d0c6b7f845',
];

function guid(rng: Prng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Process images under the user's profile (per-user installs). */
export function userImages(userName: string) {
  const local = `C:\\Users\\${userName}\\AppData\\Local`;
  return {
    vscode: makeImage(`${local}\\Programs\\Microsoft VS Code\\Code.exe`, {
      company: 'Microsoft Corporation', product: 'Visual Studio Code', version: '1.106.3', description: 'Visual Studio Code',
      originalFileName: 'electron.exe', internalName: 'Code', size: 190483768, signer: 'Microsoft',
    }),
  };
}

/**
 * The browser's own helper processes: crashpad, GPU and utility processes at start, renderers for
 * tabs and frames through the day, and now and then a notification or identity helper.
 */
export function browserDay(host: Host, session: UserSession, intensity: number): void {
  const { sim } = host;
  const { rng } = sim;
  const browser = session.browser;
  const image = browser.image;
  const exe = `"${image.path}"`;
  const isChrome = session.browserKind === 'chrome';
  const profile = isChrome
    ? `C:\\Users\\${session.account.name}\\AppData\\Local\\Google\\Chrome\\User Data`
    : `C:\\Users\\${session.account.name}\\AppData\\Local\\Microsoft\\Edge\\User Data`;
  const version = isChrome ? chromeVersion : edgeVersion;
  const fieldTrial = `--field-trial-handle=${rng.int(1800, 2100)},i,${rng.int(1e15, 9e15)},${rng.int(1e15, 9e15)},262144`;
  const start = browser.created;
  const helper = (args: string, at: number, integrity = 'Medium') =>
    sim.spawn(browser, image, `${exe} ${args}`, at, { integrity });
  helper(
    `--type=crashpad-handler "--user-data-dir=${profile}" /prefetch:4 --monitor-self-annotation=ptype=crashpad-handler "--database=${profile}\\Crashpad" --annotation=plat=Win64 --annotation=prod=${isChrome ? 'Chrome' : 'Edge'} --annotation=ver=${version} --initial-client-data=0x${rng.hex(3)},0x${rng.hex(3)},0x${rng.hex(3)}`,
    start,
  );
  helper(`--type=gpu-process --gpu-preferences=UAAAAAAAAADgAAAEAAAAAAAAAAAAAAAAAABgAAEAAAA ${fieldTrial} --mojo-platform-channel-handle=${rng.int(1900, 2100)} /prefetch:2`, start + ticksPerSecond, 'Low');
  for (const sub of ['network.mojom.NetworkService', 'storage.mojom.StorageService', 'audio.mojom.AudioService']) {
    helper(`--type=utility --utility-sub-type=${sub} --lang=en-US --service-sandbox-type=${sub.startsWith('network') ? 'none' : 'service'} ${fieldTrial} --mojo-platform-channel-handle=${rng.int(2100, 2600)} /prefetch:${sub.startsWith('network') ? 11 : 13}`, start + 2 * ticksPerSecond);
  }
  let rendererId = 4;
  every(rng, start, session.leaveAt, 150 / intensity, (at) => {
    helper(
      `--type=renderer --lang=en-US --device-scale-factor=1 --num-raster-threads=4 --enable-main-frame-before-activation --renderer-client-id=${rendererId++} --launch-time-ticks=${rng.int(1e9, 9e9)} ${fieldTrial} --mojo-platform-channel-handle=${rng.int(3000, 9000)} /prefetch:1`,
      at,
      'Low',
    );
  });
  every(rng, start, session.leaveAt, 5400, (at) => {
    if (isChrome) {
      sim.spawn(browser, apps.chromeNotificationHelper, `"${apps.chromeNotificationHelper.path}" -Embedding`, at);
    } else {
      sim.spawn(browser, apps.edgeIdentityHelper, `"${apps.edgeIdentityHelper.path}" --type=utility --utility-sub-type=winrt_app_id.mojom.WinrtAppIdService --lang=en-US --service-sandbox-type=none ${fieldTrial} /prefetch:14`, at);
    }
  });
}

/** Teams and its WebView2 helpers. */
export function teamsDay(host: Host, session: UserSession, intensity: number): void {
  const { sim } = host;
  const { rng } = sim;
  const teams = session.teams;
  const webview = (args: string, at: number, integrity = 'Medium') =>
    sim.spawn(teams, apps.webview2, `"${apps.webview2.path}" ${args}`, at, { integrity });
  const main = webview(
    `--embedded-browser-webview=1 --webview-exe-name=ms-teams.exe --webview-exe-version=25290.205.4069.4894 --user-data-dir="C:\\Users\\${session.account.name}\\AppData\\Local\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams\\EBWebView" --noerrdialogs --mojo-named-platform-channel-pipe=${rng.int(1000, 9999)}.${rng.int(1000, 9999)}.${rng.int(1e9, 9e9)}`,
    teams.created + 2 * ticksPerSecond,
  );
  const child = (args: string, at: number, integrity = 'Medium') =>
    sim.spawn(main, apps.webview2, `"${apps.webview2.path}" ${args}`, at, { integrity });
  child('--type=gpu-process --noerrdialogs --user-data-dir=EBWebView --webview-exe-name=ms-teams.exe /prefetch:2', main.created, 'Low');
  child('--type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --noerrdialogs --webview-exe-name=ms-teams.exe /prefetch:3', main.created);
  every(rng, main.created, session.leaveAt, 1500 / intensity, (at) => {
    child(`--type=renderer --noerrdialogs --user-data-dir=EBWebView --webview-exe-name=ms-teams.exe --lang=en-US --device-scale-factor=1 --renderer-client-id=${rng.int(5, 90)} --mojo-platform-channel-handle=${rng.int(3000, 9000)} /prefetch:1`, at, 'Low');
  });
}

const documents: Record<string, Array<[keyof typeof officeApps, string]>> = {
  finance: [
    ['excel', 'Budget FY27 draft.xlsx'], ['excel', 'Cash forecast December.xlsx'], ['excel', 'AP aging 2026-11.xlsx'],
    ['excel', 'Month-end close checklist.xlsx'], ['winword', 'Audit response letter.docx'], ['powerpnt', 'Board pack Q4.pptx'],
  ],
  engineering: [
    ['winword', 'Design review - ingest v3.docx'], ['excel', 'Capacity plan 2027.xlsx'], ['powerpnt', 'Sprint demo.pptx'],
  ],
  sales: [
    ['winword', 'Proposal - Harbor Logistics.docx'], ['excel', 'Pipeline Q1.xlsx'], ['powerpnt', 'Customer pitch deck.pptx'],
    ['winword', 'Master services agreement v7.docx'],
  ],
  it: [['excel', 'Asset inventory.xlsx'], ['winword', 'Change request CR-2231.docx']],
};

const officeApps = { winword: apps.winword, excel: apps.excel, powerpnt: apps.powerpnt };

/** Outlook all day, documents opened from OneDrive, links from mail opening in the browser. */
export function officeDay(host: Host, session: UserSession, intensity: number): void {
  const { sim } = host;
  const { rng } = sim;
  const explorer = session.explorer;
  const outlook = sim.spawn(explorer, apps.outlook, '"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE" ', session.logonAt + rng.int(20, 200) * ticksPerSecond);
  session.outlook = outlook;
  const department = sim.device.department;
  const docs = documents[department] ?? documents.it!;
  const oneDriveFolder = `C:\\Users\\${session.account.name}\\OneDrive - Corp Example\\Documents`;
  const running = new Map<string, Proc>();
  every(rng, outlook.created, session.leaveAt, 2400 / intensity, (at) => {
    const [appKey, doc] = rng.pick(docs);
    const image: Image = officeApps[appKey];
    const previous = running.get(appKey);
    // A second document of an app that is running opens in the same process: no new process.
    if (previous && rng.chance(0.6)) return;
    const proc = sim.spawn(explorer, image, `"${image.path.replace('root', 'Root')}" /n "${oneDriveFolder}\\${doc}" /o ""`, at);
    running.set(appKey, proc);
    if (rng.chance(0.1)) {
      sim.spawn(proc, sim.images.splwow64, 'C:\\WINDOWS\\splwow64.exe 12288', at + rng.int(60, 900) * ticksPerSecond);
    }
  });
  every(rng, outlook.created, session.leaveAt, 3000 / intensity, (at) => {
    const link = rng.pick(mailLinks);
    sim.spawn(outlook, session.browser.image, `"${session.browser.image.path}" --single-argument ${link}`, at);
  });
}

const mailLinks = [
  'https://corpexample.sharepoint.com/sites/Intranet/SitePages/Holiday-schedule.aspx',
  'https://outlook.office.com/bookings/calendar',
  'https://corpexample-my.sharepoint.com/personal/shared/Documents/Forms/AllItems.aspx',
  'https://www.linkedin.com/feed/',
  'https://status.example-payroll.invalid/notice/2026-11',
];

/** Engineering: VS Code with its terminals, git, node and dotnet builds, Windows Terminal and pwsh. */
export function engineeringDay(host: Host, session: UserSession, intensity: number): void {
  const { sim } = host;
  const { rng, images } = sim;
  const user = session.account.name;
  const code = userImages(user).vscode;
  const repo = `C:\\Users\\${user}\\source\\repos\\${rng.pick(['ingest-service', 'billing-api', 'web-portal'])}`;
  const vscode = sim.spawn(session.explorer, code, `"${code.path}" `, session.logonAt + rng.int(120, 900) * ticksPerSecond);
  for (const type of ['gpu-process', 'utility --utility-sub-type=network.mojom.NetworkService', 'renderer', 'utility --utility-sub-type=node.mojom.NodeService']) {
    sim.spawn(vscode, code, `"${code.path}" --type=${type} --user-data-dir="C:\\Users\\${user}\\AppData\\Roaming\\Code" --standard-schemes=vscode-webview,vscode-file --lang=en-US /prefetch:${rng.int(1, 14)}`, vscode.created + 3 * ticksPerSecond);
  }
  const terminal = sim.spawn(vscode, images.powershell, 'C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', vscode.created + 60 * ticksPerSecond);
  sim.console(terminal);
  const git = (parent: Proc, args: string, at: number) => {
    const wrapper = sim.spawn(parent, apps.gitCmd, `"C:\\Program Files\\Git\\cmd\\git.exe" ${args}`, at);
    sim.spawn(wrapper, apps.gitMingw, `"C:\\Program Files\\Git\\mingw64\\bin\\git.exe" ${args}`, at);
    if (args.startsWith('fetch') || args.startsWith('push') || args.startsWith('pull')) {
      sim.spawn(wrapper, apps.gitCredentialManager, '"C:/Program Files/Git/mingw64/bin/git-credential-manager.exe" get', at + ticksPerSecond);
    }
  };
  every(rng, terminal.created, session.leaveAt, 600 / intensity, (at) => {
    const roll = rng.next();
    if (roll < 0.45) {
      git(terminal, rng.pick(['status', 'fetch origin', 'diff --stat', 'pull --rebase', 'log --oneline -20', 'push origin HEAD', `-C ${repo} status --porcelain`]), at);
    } else if (roll < 0.75) {
      const npm = sim.spawn(terminal, apps.node, `"C:\\Program Files\\nodejs\\node.exe" "C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js" ${rng.pick(['test', 'run build', 'run lint', 'ci'])}`, at);
      sim.spawn(npm, images.cmd, `C:\\WINDOWS\\system32\\cmd.exe /d /s /c "${rng.pick(['tsc -p .', 'node --test dist/', 'eslint src'])}"`, at + ticksPerSecond);
    } else {
      const dotnet = sim.spawn(terminal, apps.dotnet, `"C:\\Program Files\\dotnet\\dotnet.exe" ${rng.pick(['build', 'test', 'restore', 'run --project src/Api'])}`, at);
      sim.spawn(dotnet, apps.dotnet, '"C:\\Program Files\\dotnet\\dotnet.exe" exec "C:\\Program Files\\dotnet\\sdk\\10.0.100\\MSBuild.dll" -maxcpucount -nodeReuse:true', at + ticksPerSecond);
    }
  });
  // Git integration in VS Code polls the repository.
  every(rng, vscode.created, session.leaveAt, 900 / intensity, (at) => git(vscode, `-c core.quotepath=false -c color.ui=false rev-parse --show-toplevel`, at));
  const wt = sim.spawn(session.explorer, apps.windowsTerminal, `"${apps.windowsTerminal.path}" `, session.logonAt + rng.int(600, 3600) * ticksPerSecond);
  const pwsh = sim.spawn(wt, apps.pwsh, '"C:\\Program Files\\PowerShell\\7\\pwsh.exe" ', wt.created + ticksPerSecond);
  sim.spawn(wt, apps.openConsole, `"${apps.openConsole.path}" --headless --width 120 --height 30 --signal 0x${rng.hex(3)} --server 0x${rng.hex(3)}`, wt.created + ticksPerSecond);
  every(rng, pwsh.created, session.leaveAt, 1800 / intensity, (at) => git(pwsh, rng.pick(['status', 'fetch --all --prune', 'branch -vv']), at));
}

/** IT: consoles, elevated PowerShell, remote desktop to the servers, network checks. */
export function itDay(host: Host, session: UserSession, intensity: number): void {
  const { sim } = host;
  const { rng, images } = sim;
  const elevated = { account: session.account, integrity: 'High', elevation: 'TokenElevationTypeFull' };
  every(rng, session.logonAt + 600 * ticksPerSecond, session.leaveAt, 1800 / intensity, (at) => {
    const roll = rng.next();
    if (roll < 0.3) {
      sim.spawn(host.svchost.appx, images.consent, `consent.exe ${rng.int(1000, 9000)} 556 000001${rng.hex(8).toUpperCase()}`, at, {
        account: systemAccount, integrity: 'System', elevation: 'TokenElevationTypeDefault',
      });
      sim.spawn(session.explorer, images.mmc, `"C:\\WINDOWS\\system32\\mmc.exe" "C:\\WINDOWS\\system32\\${rng.pick(['dsa.msc', 'gpmc.msc', 'dnsmgmt.msc', 'compmgmt.msc'])}" `, at + 3 * ticksPerSecond, elevated);
    } else if (roll < 0.6) {
      const ps = sim.spawn(session.explorer, images.powershell, '"C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" ', at, elevated);
      sim.console(ps);
      every(rng, ps.created, ps.created + 600 * ticksPerSecond, 120, (t) => {
        const [tool, args] = rng.pick([
          [images.ipconfig, '/all'],
          [images.whoami, '/groups'],
          [images.nltest, '/dsgetdc:corp.example'],
          [images.gpupdate, '/force'],
        ] as const);
        sim.spawn(ps, tool, `"C:\\WINDOWS\\system32\\${tool.fileName}" ${args}`, t);
      });
    } else {
      sim.spawn(session.explorer, images.mstsc, `"C:\\WINDOWS\\system32\\mstsc.exe" /v:${rng.pick(['srv-file-01', 'srv-app-01', 'srv-dc-01'])}.corp.example`, at);
    }
  });
}

/** Sales: Acrobat for contracts and proposals. */
export function salesDay(host: Host, session: UserSession, intensity: number): void {
  const { sim } = host;
  const { rng } = sim;
  every(rng, session.logonAt + 900 * ticksPerSecond, session.leaveAt, 3600 / intensity, (at) => {
    const acrobat = sim.spawn(session.explorer, apps.acrobat, `"C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe" "C:\\Users\\${session.account.name}\\OneDrive - Corp Example\\Documents\\${rng.pick(['Signed MSA.pdf', 'Price list 2027.pdf', 'RFP response.pdf'])}"`, at);
    for (const type of ['renderer', 'gpu-process', 'renderer']) {
      sim.spawn(acrobat, apps.acroCef, `"C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\acrocef_1\\AcroCEF.exe" --type=${type} --log-severity=disable --user-agent-product="ReaderServices/25.1.20937 Chrome/105.0.0.0" --lang=en-US --log-file="C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\acrocef_1\\debug.log" /prefetch:${rng.int(1, 8)}`, at + 2 * ticksPerSecond, {
        integrity: type === 'renderer' ? 'Low' : 'Medium',
      });
    }
  });
}


/** Server roles: the file server's backup agent, the application server's SQL Server, the domain controller's services. */
export function serverServices(host: Host): void {
  const { sim } = host;
  const { images } = sim;
  const at = host.services.created + 8 * ticksPerSecond;
  const system = { account: systemAccount, integrity: 'System', elevation: 'TokenElevationTypeDefault' };
  const short = sim.device.name.split('.')[0];
  if (short === 'srv-dc-01') {
    sim.spawn(host.services, images.dns, 'C:\\WINDOWS\\system32\\dns.exe', at, system);
    sim.spawn(host.services, images.ismserv, 'C:\\WINDOWS\\System32\\ismserv.exe', at, system);
    sim.spawn(host.services, images.dfsrs, 'C:\\WINDOWS\\system32\\DFSRs.exe', at, system);
  } else if (short === 'srv-app-01') {
    const sqlAccount = { domain: 'nt service', name: 'mssqlserver', sid: 'S-1-5-80-3880718306-3832830129-1677859214-2598158968-1052248003', upn: '', logonId: 0x5e4a2 };
    sim.spawn(host.services, apps.sqlservr, '"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe" -sMSSQLSERVER', at, {
      account: sqlAccount, integrity: 'High', elevation: 'TokenElevationTypeDefault',
    });
    sim.spawn(host.services, apps.sqlagent, '"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE" -i MSSQLSERVER', at + 5 * ticksPerSecond, {
      account: { ...sqlAccount, name: 'sqlserveragent', sid: 'S-1-5-80-344959196-2060754871-2302487193-2804545603-1466107430' },
      integrity: 'High', elevation: 'TokenElevationTypeDefault',
    });
  } else {
    const veeam = sim.spawn(host.services, apps.veeamAgent, '"C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe"', at, system);
    host.backupAgent = veeam;
  }
}

/** Server work through the day: scheduled maintenance scripts, SQL Agent jobs, backups. */
export function serverDay(host: Host, from: number, to: number): void {
  const { sim } = host;
  const { rng, images } = sim;
  const batch = {
    account: { domain: 'corp', name: 'svc-batch', sid: 'S-1-5-21-2841176535-1520963728-3462906311-2207', upn: '', logonId: rng.int(0x100000, 0xfffffff) },
    integrity: 'High', elevation: 'TokenElevationTypeDefault',
  };
  every(rng, from, to, 1800, (at) => {
    const script = rng.pick(['Rotate-Logs.ps1', 'Check-DiskSpace.ps1', 'Export-Inventory.ps1']);
    const ps = sim.spawn(host.svchost.schedule, images.powershell, `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "C:\\Scripts\\${script}"`, at, batch);
    sim.console(ps);
  });
  const backup = host.backupAgent;
  if (backup) {
    every(rng, from, to, 4 * 3600, (at) => {
      sim.spawn(backup, apps.veeamTray, '"C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Backup.exe" -JobId 7f1c3a2e-8d41-4f0b-a6c3-2b9e5d71f004 -Incremental', at);
    });
  }
}

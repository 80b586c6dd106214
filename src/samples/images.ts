import { createHash } from 'node:crypto';

/** An executable file on disk, with the PE version resource that Defender copies into each row. */
export interface Image {
  /** Full path with the on-disk case, file name included (Defender's FolderPath). */
  path: string;
  fileName: string;
  company: string;
  product: string;
  version: string;
  description: string;
  originalFileName: string;
  internalName: string;
  size: number;
  /** Defender's InitiatingProcessSignerType when this image is a parent. */
  signer: string;
  sha1: string;
  sha256: string;
  md5: string;
}

export interface ImageInfo {
  company?: string;
  product?: string;
  version?: string;
  description?: string;
  originalFileName?: string;
  internalName?: string;
  size: number;
  signer?: string;
  /** Distinguishes two builds at the same path, so they get different hashes. */
  build?: string;
}

/** Returns the part of a Windows path after the last backslash. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/**
 * Builds an image. Hashes derive from the file name, version and build label, not the folder, so
 * one binary copied to many machines or profiles keeps one SHA1 as it does in real fleets.
 */
export function makeImage(path: string, info: ImageInfo): Image {
  const fileName = baseName(path);
  const identity = `${fileName.toLowerCase()}|${info.version ?? ''}|${info.build ?? ''}|${info.size}`;
  return {
    path,
    fileName,
    company: info.company ?? '',
    product: info.product ?? '',
    version: info.version ?? '',
    description: info.description ?? '',
    originalFileName: info.originalFileName ?? '',
    internalName: info.internalName ?? '',
    size: info.size,
    // NOTE: OsVendor and Microsoft appear in real exports; ThirdParty and None are assumed names
    // for other signers and unsigned files, not checked against Defender data.
    signer: info.signer ?? (info.company ? 'ThirdParty' : 'None'),
    sha1: digest('sha1', identity),
    sha256: digest('sha256', identity),
    md5: digest('md5', identity),
  };
}

function digest(algorithm: 'sha1' | 'sha256' | 'md5', identity: string): string {
  return createHash(algorithm).update(`lurewatch-sample|${identity}`).digest('hex');
}

const windowsProduct = 'Microsoft® Windows® Operating System';
const microsoft = 'Microsoft Corporation';

/** Windows binaries of one OS build, by lower-case file name. */
export type SystemImages = ReturnType<typeof buildSystemImages>;

const systemImageCache = new Map<string, SystemImages>();

/** Returns the Windows binaries of an OS build (e.g. "10.0.26100.7309"); results are cached. */
export function systemImages(build: string): SystemImages {
  let images = systemImageCache.get(build);
  if (!images) {
    images = buildSystemImages(build);
    systemImageCache.set(build, images);
  }
  return images;
}

function buildSystemImages(build: string) {
  const sys = (
    path: string,
    description: string,
    size: number,
    original?: string,
    internal?: string,
  ): Image => {
    const name = baseName(path);
    return makeImage(path, {
      company: microsoft,
      product: windowsProduct,
      version: build,
      description,
      originalFileName: original ?? name,
      internalName: internal ?? name.replace(/\.exe$/i, ''),
      size,
      signer: 'OsVendor',
    });
  };
  const s32 = 'C:\\Windows\\System32\\';
  return {
    ntoskrnl: sys(`${s32}ntoskrnl.exe`, 'NT Kernel & System', 12105200, 'ntkrnlmp.exe', 'ntkrnlmp.exe'),
    smss: sys(`${s32}smss.exe`, 'Windows Session Manager', 164928),
    csrss: sys(`${s32}csrss.exe`, 'Client Server Runtime Process', 42376, 'CSRSS.Exe'),
    wininit: sys(`${s32}wininit.exe`, 'Windows Start-Up Application', 450560, 'WinInit.exe'),
    winlogon: sys(`${s32}winlogon.exe`, 'Windows Logon Application', 909312, 'WINLOGON.EXE'),
    services: sys(`${s32}services.exe`, 'Services and Controller app', 737064),
    lsass: sys(`${s32}lsass.exe`, 'Local Security Authority Process', 84096),
    svchost: sys(`${s32}svchost.exe`, 'Host Process for Windows Services', 57360),
    spoolsv: sys(`${s32}spoolsv.exe`, 'Spooler SubSystem App', 1282048),
    searchIndexer: sys(`${s32}SearchIndexer.exe`, 'Microsoft Windows Search Indexer', 1070592),
    searchProtocolHost: sys(`${s32}SearchProtocolHost.exe`, 'Microsoft Windows Search Protocol Host', 390656),
    searchFilterHost: sys(`${s32}SearchFilterHost.exe`, 'Microsoft Windows Search Filter Host', 200704),
    userinit: sys(`${s32}userinit.exe`, 'Userinit Logon Application', 32768, 'USERINIT.EXE'),
    explorer: sys('C:\\Windows\\explorer.exe', 'Windows Explorer', 5199488, 'EXPLORER.EXE', 'explorer'),
    sihost: sys(`${s32}sihost.exe`, 'Shell Infrastructure Host', 122880),
    taskhostw: sys(`${s32}taskhostw.exe`, 'Host Process for Windows Tasks', 102400),
    runtimeBroker: sys(`${s32}RuntimeBroker.exe`, 'Runtime Broker', 143360),
    ctfmon: sys(`${s32}ctfmon.exe`, 'CTF Loader', 49152),
    dllhost: sys(`${s32}dllhost.exe`, 'COM Surrogate', 20752),
    wmiPrvSE: sys(`${s32}wbem\\WmiPrvSE.exe`, 'WMI Provider Host', 496640, 'Wmiprvse.exe'),
    conhost: sys(`${s32}conhost.exe`, 'Console Window Host', 1028096, 'CONHOST.EXE'),
    cmd: sys(`${s32}cmd.exe`, 'Windows Command Processor', 323584, 'Cmd.Exe'),
    powershell: sys(
      `${s32}WindowsPowerShell\\v1.0\\powershell.exe`,
      'Windows PowerShell',
      450560,
      'PowerShell.EXE',
      'POWERSHELL',
    ),
    mshta: sys(`${s32}mshta.exe`, 'Microsoft (R) HTML Application host', 28672, 'MSHTA.EXE'),
    rundll32: sys(`${s32}rundll32.exe`, 'Windows host process (Rundll32)', 71680, 'RUNDLL32.EXE'),
    certutil: sys(`${s32}certutil.exe`, 'CertUtil.exe', 1562112, 'CertUtil.exe'),
    msiexec: sys(`${s32}msiexec.exe`, 'Windows® installer', 69632, 'msiexec.exe'),
    consent: sys(`${s32}consent.exe`, 'Consent UI for administrative applications', 161792),
    splwow64: sys('C:\\Windows\\splwow64.exe', 'Print driver host for applications', 172032),
    audiodg: sys(`${s32}audiodg.exe`, 'Windows Audio Device Graph Isolation', 471040),
    backgroundTaskHost: sys(`${s32}backgroundTaskHost.exe`, 'Background Task Host', 27648),
    compattelrunner: sys(`${s32}CompatTelRunner.exe`, 'Microsoft Compatibility Telemetry', 196608),
    sppsvc: sys(`${s32}sppsvc.exe`, 'Microsoft Software Protection Platform Service', 4595712),
    mousocoreworker: sys(`${s32}MoUsoCoreWorker.exe`, 'MoUSO Core Worker Process', 917504),
    usoclient: sys(`${s32}usoclient.exe`, 'UsoClient', 94208),
    wermgr: sys(`${s32}wermgr.exe`, 'Windows Problem Reporting', 229376),
    gpupdate: sys(`${s32}gpupdate.exe`, 'Microsoft® Windows Group Policy Update Utility', 28672, 'GPUpdate.exe'),
    whoami: sys(`${s32}whoami.exe`, 'whoami - displays logged on user information', 73728),
    ipconfig: sys(`${s32}ipconfig.exe`, 'IP Configuration Utility', 36864),
    nltest: sys(`${s32}nltest.exe`, 'Microsoft® Logon Server Test Utility', 151552),
    net: sys(`${s32}net.exe`, 'Net Command', 57344),
    mmc: sys(`${s32}mmc.exe`, 'Microsoft Management Console', 2052096),
    notepad: sys(`${s32}notepad.exe`, 'Notepad', 201216),
    mstsc: sys(`${s32}mstsc.exe`, 'Remote Desktop Connection', 1420800, 'mstsc.exe'),
    smartscreen: sys(`${s32}smartscreen.exe`, 'Windows Defender SmartScreen', 2981888),
    securityHealthSystray: sys(`${s32}SecurityHealthSystray.exe`, 'Windows Security notification icon', 86016),
    securityHealthService: sys(`${s32}SecurityHealthService.exe`, 'Windows Security Health Service', 1014784),
    dwm: sys(`${s32}dwm.exe`, 'Desktop Window Manager', 94208),
    fontdrvhost: sys(`${s32}fontdrvhost.exe`, 'Usermode Font Driver Host', 827392),
    logonUI: sys(`${s32}LogonUI.exe`, 'Windows Logon User Interface Host', 12800),
    dfsrs: sys(`${s32}dfsrs.exe`, 'Distributed File System Replication', 3997696),
    dns: sys(`${s32}dns.exe`, 'Domain Name System (DNS) Server', 2715648),
    ismserv: sys(`${s32}ismserv.exe`, 'Windows NT Intersite Messaging Service', 65536),
  };
}

const chromeVersion = '142.0.7444.176';
const edgeVersion = '142.0.3595.94';
const officeVersion = '16.0.19328.20178';
const webview2Version = '142.0.3595.94';

/** Applications installed per machine (Program Files, ProgramData, WindowsApps). */
export const apps = {
  chrome: makeImage('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', {
    company: 'Google LLC', product: 'Google Chrome', version: chromeVersion, description: 'Google Chrome',
    originalFileName: 'chrome.exe', internalName: 'chrome_exe', size: 3062552,
  }),
  chromeNotificationHelper: makeImage(
    `C:\\Program Files\\Google\\Chrome\\Application\\${chromeVersion}\\notification_helper.exe`,
    { company: 'Google LLC', product: 'Google Chrome', version: chromeVersion, description: 'Google Chrome',
      originalFileName: 'notification_helper.exe', internalName: 'notification_helper_exe', size: 1527064 },
  ),
  chromeElevationService: makeImage(
    `C:\\Program Files\\Google\\Chrome\\Application\\${chromeVersion}\\elevation_service.exe`,
    { company: 'Google LLC', product: 'Google Chrome', version: chromeVersion, description: 'Google Chrome',
      originalFileName: 'elevation_service.exe', internalName: 'elevation_service', size: 1769752 },
  ),
  googleUpdater: makeImage(
    'C:\\Program Files (x86)\\Google\\GoogleUpdater\\142.0.7416.0\\updater.exe',
    { company: 'Google LLC', product: 'Google Updater', version: '142.0.7416.0', description: 'Google Updater',
      originalFileName: 'updater.exe', internalName: 'updater.exe', size: 5179160 },
  ),
  msedge: makeImage('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', {
    company: microsoft, product: 'Microsoft Edge', version: edgeVersion, description: 'Microsoft Edge',
    originalFileName: 'msedge.exe', internalName: 'msedge_exe', size: 4204584, signer: 'Microsoft',
  }),
  edgeIdentityHelper: makeImage(
    `C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\${edgeVersion}\\identity_helper.exe`,
    { company: microsoft, product: 'Microsoft Edge', version: edgeVersion, description: 'Microsoft Edge',
      originalFileName: 'identity_helper.exe', internalName: 'identity_helper', size: 1668136, signer: 'Microsoft' },
  ),
  edgeUpdate: makeImage('C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe', {
    company: microsoft, product: 'Microsoft Edge Update', version: '1.3.207.37', description: 'Microsoft Edge Update',
    originalFileName: 'MicrosoftEdgeUpdate.exe', internalName: 'Microsoft Edge Update', size: 214032, signer: 'Microsoft',
  }),
  webview2: makeImage(
    `C:\\Program Files (x86)\\Microsoft\\EdgeWebView\\Application\\${webview2Version}\\msedgewebview2.exe`,
    { company: microsoft, product: 'Microsoft Edge WebView2', version: webview2Version,
      description: 'Microsoft Edge WebView2', originalFileName: 'msedgewebview2.exe',
      internalName: 'msedgewebview2_exe', size: 3528232, signer: 'Microsoft' },
  ),
  winword: office('WINWORD.EXE', 'Microsoft Word', 'WinWord.exe', 'WinWord', 1631072),
  excel: office('EXCEL.EXE', 'Microsoft Excel', 'Excel.exe', 'Excel', 65961808),
  powerpnt: office('POWERPNT.EXE', 'Microsoft PowerPoint', 'POWERPNT.EXE', 'POWERPNT', 1868136),
  outlook: office('OUTLOOK.EXE', 'Microsoft Outlook', 'Outlook.exe', 'Outlook', 42569032),
  onenote: office('ONENOTE.EXE', 'Microsoft OneNote', 'OneNote.exe', 'OneNote', 3117944),
  officeClickToRun: makeImage(
    'C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe',
    { company: microsoft, product: 'Microsoft Office', version: officeVersion,
      description: 'Microsoft Office Click-to-Run (SxS)', originalFileName: 'OfficeClickToRun.exe',
      internalName: 'OfficeClickToRun', size: 11860424, signer: 'Microsoft' },
  ),
  officeC2RClient: makeImage(
    'C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeC2RClient.exe',
    { company: microsoft, product: 'Microsoft Office', version: officeVersion,
      description: 'Microsoft Office Click-to-Run Client', originalFileName: 'OfficeC2RClient.exe',
      internalName: 'OfficeC2RClient', size: 29120464, signer: 'Microsoft' },
  ),
  msTeams: makeImage(
    'C:\\Program Files\\WindowsApps\\MSTeams_25290.205.4069.4894_x64__8wekyb3d8bbwe\\ms-teams.exe',
    { company: microsoft, product: 'Microsoft Teams', version: '25290.205.4069.4894',
      description: 'Microsoft Teams', originalFileName: 'ms-teams.exe', internalName: 'ms-teams',
      size: 1043296, signer: 'Microsoft' },
  ),
  oneDrive: makeImage('C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe', {
    company: microsoft, product: 'Microsoft OneDrive', version: '25.214.1102.0002', description: 'Microsoft OneDrive',
    originalFileName: 'OneDrive.exe', internalName: 'OneDrive.exe', size: 4067176, signer: 'Microsoft',
  }),
  fileCoAuth: makeImage('C:\\Program Files\\Microsoft OneDrive\\25.214.1102.0002\\FileCoAuth.exe', {
    company: microsoft, product: 'Microsoft OneDrive', version: '25.214.1102.0002',
    description: 'Microsoft OneDrive File Co-Authoring Executable', originalFileName: 'FileCoAuth.exe',
    internalName: 'FileCoAuth.exe', size: 1214824, signer: 'Microsoft',
  }),
  oneDriveUpdater: makeImage(
    'C:\\Program Files\\Microsoft OneDrive\\OneDriveStandaloneUpdater.exe',
    { company: microsoft, product: 'Microsoft OneDrive', version: '25.214.1102.0002',
      description: 'Standalone Updater', originalFileName: 'OneDriveStandaloneUpdater.exe',
      internalName: 'OneDriveStandaloneUpdater.exe', size: 3797864, signer: 'Microsoft' },
  ),
  msMpEng: makeImage('C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25100.9008-0\\MsMpEng.exe', {
    company: microsoft, product: windowsProduct, version: '4.18.25100.9008', description: 'Antimalware Service Executable',
    originalFileName: 'MsMpEng.exe', internalName: 'MsMpEng.exe', size: 133584, signer: 'OsVendor',
  }),
  mpCmdRun: makeImage('C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25100.9008-0\\MpCmdRun.exe', {
    company: microsoft, product: windowsProduct, version: '4.18.25100.9008',
    description: 'Microsoft Malware Protection Command Line Utility', originalFileName: 'MpCmdRun.exe',
    internalName: 'MpCmdRun', size: 1452384, signer: 'OsVendor',
  }),
  nisSrv: makeImage('C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25100.9008-0\\NisSrv.exe', {
    company: microsoft, product: windowsProduct, version: '4.18.25100.9008',
    description: 'Microsoft Network Realtime Inspection Service', originalFileName: 'NisSrv.exe',
    internalName: 'NisSrv.exe', size: 3226632, signer: 'OsVendor',
  }),
  msSense: makeImage('C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe', {
    company: microsoft, product: windowsProduct, version: '10.8810.26100.7309',
    description: 'Windows Defender Advanced Threat Protection Service Executable', originalFileName: 'MsSense.exe',
    internalName: 'MsSense.exe', size: 402352, signer: 'OsVendor',
  }),
  senseCncProxy: makeImage('C:\\Program Files\\Windows Defender Advanced Threat Protection\\SenseCncProxy.exe', {
    company: microsoft, product: windowsProduct, version: '10.8810.26100.7309',
    description: 'Windows Defender Advanced Threat Protection Communication Module', originalFileName: 'SenseCncProxy.exe',
    internalName: 'SenseCncProxy.exe', size: 1012032, signer: 'OsVendor',
  }),
  intuneAgent: makeImage(
    'C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Microsoft.Management.Services.IntuneWindowsAgent.exe',
    { company: microsoft, product: 'Microsoft® Intune™', version: '1.93.107.0',
      description: 'Microsoft.Management.Services.IntuneWindowsAgent',
      originalFileName: 'Microsoft.Management.Services.IntuneWindowsAgent.exe',
      internalName: 'Microsoft.Management.Services.IntuneWindowsAgent.exe', size: 62480, signer: 'Microsoft' },
  ),
  agentExecutor: makeImage('C:\\Program Files (x86)\\Microsoft Intune Management Extension\\AgentExecutor.exe', {
    company: microsoft, product: 'Microsoft® Intune™', version: '1.93.107.0', description: 'AgentExecutor',
    originalFileName: 'AgentExecutor.exe', internalName: 'AgentExecutor.exe', size: 71184, signer: 'Microsoft',
  }),
  acrobat: makeImage('C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe', {
    company: 'Adobe Inc.', product: 'Adobe Acrobat', version: '25.1.20937.0', description: 'Adobe Acrobat',
    originalFileName: 'Acrobat.exe', internalName: 'Acrobat', size: 6710856,
  }),
  acroCef: makeImage('C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\acrocef_1\\AcroCEF.exe', {
    company: 'Adobe Inc.', product: 'Adobe Acrobat', version: '25.1.20937.0', description: 'Adobe AcroCEF',
    originalFileName: 'AcroCEF.exe', internalName: 'AcroCEF', size: 3294792,
  }),
  teamViewer: makeImage('C:\\Program Files\\TeamViewer\\TeamViewer.exe', {
    company: 'TeamViewer Germany GmbH', product: 'TeamViewer', version: '15.71.4.0', description: 'TeamViewer',
    originalFileName: 'TeamViewer.exe', internalName: 'TeamViewer', size: 70938968,
  }),
  teamViewerService: makeImage('C:\\Program Files\\TeamViewer\\TeamViewer_Service.exe', {
    company: 'TeamViewer Germany GmbH', product: 'TeamViewer', version: '15.71.4.0', description: 'TeamViewer',
    originalFileName: 'TeamViewer_Service.exe', internalName: 'TeamViewer_Service', size: 16738648,
  }),
  anyDeskService: makeImage('C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe', {
    company: 'AnyDesk Software GmbH', product: 'AnyDesk', version: '9.6.2', description: 'AnyDesk',
    originalFileName: 'AnyDesk.exe', internalName: 'AnyDesk', size: 7512920, build: 'msi',
  }),
  gitCmd: makeImage('C:\\Program Files\\Git\\cmd\\git.exe', {
    company: 'The Git Development Community', product: 'Git', version: '2.52.0.1', description: 'Git for Windows',
    originalFileName: 'git.exe', internalName: 'git', size: 45648,
  }),
  gitMingw: makeImage('C:\\Program Files\\Git\\mingw64\\bin\\git.exe', {
    company: 'The Git Development Community', product: 'Git', version: '2.52.0.1', description: 'Git for Windows',
    originalFileName: 'git.exe', internalName: 'git', size: 4104312,
  }),
  gitCredentialManager: makeImage('C:\\Program Files\\Git\\mingw64\\bin\\git-credential-manager.exe', {
    company: 'GitHub', product: 'Git Credential Manager', version: '2.6.1.0', description: 'Git Credential Manager',
    originalFileName: 'git-credential-manager.exe', internalName: 'git-credential-manager', size: 152576,
  }),
  node: makeImage('C:\\Program Files\\nodejs\\node.exe', {
    company: 'Node.js', product: 'Node.js', version: '22.21.1', description: 'Node.js JavaScript Runtime',
    originalFileName: 'node.exe', internalName: 'node', size: 80631872,
  }),
  dotnet: makeImage('C:\\Program Files\\dotnet\\dotnet.exe', {
    company: '.NET Foundation', product: 'Microsoft® .NET', version: '10.0.0', description: '.NET Host',
    originalFileName: 'dotnet.exe', internalName: 'dotnet.exe', size: 195880, signer: 'Microsoft',
  }),
  windowsTerminal: makeImage(
    'C:\\Program Files\\WindowsApps\\Microsoft.WindowsTerminal_1.23.12811.0_x64__8wekyb3d8bbwe\\WindowsTerminal.exe',
    { company: microsoft, product: 'Windows Terminal', version: '1.23.2511.18001', description: 'Windows Terminal',
      originalFileName: 'WindowsTerminal.exe', internalName: 'WindowsTerminal', size: 364032, signer: 'Microsoft' },
  ),
  openConsole: makeImage(
    'C:\\Program Files\\WindowsApps\\Microsoft.WindowsTerminal_1.23.12811.0_x64__8wekyb3d8bbwe\\OpenConsole.exe',
    { company: microsoft, product: 'Windows Terminal', version: '1.23.2511.18001', description: 'Console Window Host',
      originalFileName: 'OpenConsole.exe', internalName: 'OpenConsole', size: 1309696, signer: 'Microsoft' },
  ),
  pwsh: makeImage('C:\\Program Files\\PowerShell\\7\\pwsh.exe', {
    company: microsoft, product: 'PowerShell', version: '7.5.4.500', description: 'pwsh',
    originalFileName: 'pwsh.dll', internalName: 'pwsh.dll', size: 287680, signer: 'Microsoft',
  }),
  sqlservr: makeImage('C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe', {
    company: microsoft, product: 'Microsoft SQL Server', version: '2022.160.4215.2', description: 'SQL Server Windows NT - 64 Bit',
    originalFileName: 'sqlservr.exe', internalName: 'SQLSERVR', size: 558456, signer: 'Microsoft',
  }),
  sqlagent: makeImage('C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\SQLAGENT.EXE', {
    company: microsoft, product: 'Microsoft SQL Server', version: '2022.160.4215.2', description: 'SQLAGENT - SQL Server Agent',
    originalFileName: 'SQLAGENT.EXE', internalName: 'SQLAGENT', size: 710520, signer: 'Microsoft',
  }),
  veeamAgent: makeImage('C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe', {
    company: 'Veeam Software Group GmbH', product: 'Veeam Agent for Microsoft Windows', version: '6.3.2.1205',
    description: 'Veeam Agent for Microsoft Windows Service', originalFileName: 'Veeam.EndPoint.Service.exe',
    internalName: 'Veeam.EndPoint.Service.exe', size: 82320,
  }),
  veeamTray: makeImage('C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Backup.exe', {
    company: 'Veeam Software Group GmbH', product: 'Veeam Agent for Microsoft Windows', version: '6.3.2.1205',
    description: 'Veeam Agent for Microsoft Windows Backup Job', originalFileName: 'Veeam.EndPoint.Backup.exe',
    internalName: 'Veeam.EndPoint.Backup.exe', size: 64912,
  }),
};

function office(fileName: string, description: string, original: string, internal: string, size: number): Image {
  return makeImage(`C:\\Program Files\\Microsoft Office\\root\\Office16\\${fileName}`, {
    company: microsoft, product: 'Microsoft Office', version: officeVersion, description,
    originalFileName: original, internalName: internal, size, signer: 'Microsoft',
  });
}

export { chromeVersion, edgeVersion };

import type { Account, DeviceSim, Proc } from './device.js';
import { localServiceAccount, networkServiceAccount, systemAccount, ticksPerMs, ticksPerSecond } from './device.js';
import { apps, chromeVersion } from './images.js';
import { netbiosDomain } from './network.js';

/** Long-lived processes of a booted device that later activity spawns from. */
export interface Host {
  sim: DeviceSim;
  winlogon: Proc;
  services: Proc;
  /** svchost.exe instances by service group or service name. */
  svchost: Record<'dcom' | 'schedule' | 'userManager' | 'wmi' | 'wuauserv' | 'bits' | 'tabletInput' | 'appx', Proc>;
  msMpEng: Proc;
  msSense: Proc;
  searchIndexer: Proc;
  intune?: Proc;
  clickToRun?: Proc;
  backupAgent?: Proc;
  /** Set once a user has logged on. */
  user?: UserSession;
}

export interface UserSession {
  account: Account;
  explorer: Proc;
  browser: Proc;
  browserKind: 'chrome' | 'msedge';
  teams: Proc;
  outlook?: Proc;
  logonAt: number;
  leaveAt: number;
}

const s32 = 'C:\\WINDOWS\\system32\\';

/**
 * Boots a device at `at` (ticks): the session manager, Windows services, Defender, and the
 * management agents that an Intune-managed office network runs.
 */
export function bootDevice(sim: DeviceSim, at: number, extraServices: (host: Host) => void): Host {
  const images = sim.images;
  const ms = (n: number) => at + n * ticksPerMs;
  const smss = sim.spawn(sim.system, images.smss, '\\SystemRoot\\System32\\smss.exe', ms(400));
  sim.spawn(smss, images.csrss, csrssCommandLine, ms(900));
  const wininit = sim.spawn(smss, images.wininit, 'wininit.exe', ms(1000));
  sim.spawn(smss, images.csrss, csrssCommandLine, ms(1100));
  const winlogon = sim.spawn(smss, images.winlogon, 'winlogon.exe', ms(1200));
  const services = sim.spawn(wininit, images.services, `${s32}services.exe`, ms(1300));
  sim.spawn(wininit, images.lsass, `${s32}lsass.exe`, ms(1350));
  sim.spawn(wininit, images.fontdrvhost, '"fontdrvhost.exe"', ms(1400), { account: umfd(0) });
  sim.spawn(winlogon, images.fontdrvhost, '"fontdrvhost.exe"', ms(1450), { account: umfd(1) });
  sim.spawn(winlogon, images.dwm, '"dwm.exe"', ms(1600), { account: dwmAccount });
  sim.spawn(winlogon, images.logonUI, '"LogonUI.exe" /flags:0x2 /state0:0xa3b9b855 /state1:0x41c64e6d', ms(1700));

  const svc = (cmd: string, t: number, account: Account = systemAccount) =>
    sim.spawn(services, images.svchost, `${s32}svchost.exe ${cmd}`, ms(t), {
      account,
      integrity: 'System',
    });
  const svchost = {
    dcom: svc('-k DcomLaunch -p', 1800),
    appx: svc('-k RPCSS -p', 1850, networkServiceAccount),
    schedule: svc('-k netsvcs -p -s Schedule', 2300),
    userManager: svc('-k netsvcs -p -s UserManager', 2350),
    wmi: svc('-k netsvcs -p -s Winmgmt', 2400),
    tabletInput: svc('-k LocalSystemNetworkRestricted -p -s TabletInputService', 2600),
    wuauserv: svc('-k netsvcs -p -s wuauserv', 9000),
    bits: svc('-k netsvcs -p -s BITS', 9500),
  };
  const serviceGroups: Array<[string, Account]> = [
    ['-k LocalServiceNetworkRestricted -p -s EventLog', localServiceAccount],
    ['-k NetworkService -p -s Dnscache', networkServiceAccount],
    ['-k LocalService -p -s nsi', localServiceAccount],
    ['-k netsvcs -p -s gpsvc', systemAccount],
    ['-k LocalSystemNetworkRestricted -p -s SysMain', systemAccount],
    ['-k LocalServiceNoNetworkFirewall -p', localServiceAccount],
    ['-k NetworkService -p -s CryptSvc', networkServiceAccount],
    ['-k netsvcs -p -s ProfSvc', systemAccount],
    ['-k LocalServiceNetworkRestricted -p -s Dhcp', localServiceAccount],
    ['-k netsvcs -p -s Themes', systemAccount],
    ['-k utcsvc -p', systemAccount],
    ['-k LocalSystemNetworkRestricted -p -s PcaSvc', systemAccount],
    ['-k NetworkService -p -s LanmanWorkstation', networkServiceAccount],
    ['-k netsvcs -p -s iphlpsvc', systemAccount],
    ['-k LocalService -p -s W32Time', localServiceAccount],
  ];
  serviceGroups.forEach(([cmd, account], i) => svc(cmd, 1900 + i * 60, account));

  sim.spawn(services, images.spoolsv, `${s32}spoolsv.exe`, ms(3000), { integrity: 'System' });
  const msMpEng = sim.spawn(services, apps.msMpEng, '"MsMpEng.exe"', ms(3200), { integrity: 'System' });
  sim.spawn(services, apps.nisSrv, '"NisSrv.exe"', ms(5200), { account: localServiceAccount, integrity: 'System' });
  const msSense = sim.spawn(services, apps.msSense, '"MsSense.exe"', ms(3300), { integrity: 'System' });
  sim.spawn(msSense, apps.senseCncProxy, '"SenseCncProxy.exe" ', ms(9000));
  sim.spawn(services, images.securityHealthService, `${s32}SecurityHealthService.exe`, ms(3400), { integrity: 'System' });
  const searchIndexer = sim.spawn(services, images.searchIndexer, `${s32}SearchIndexer.exe /Embedding`, ms(6000), {
    integrity: 'System',
  });

  const host: Host = { sim, winlogon, services, svchost, msMpEng, msSense, searchIndexer };
  if (!sim.device.isServer) {
    host.clickToRun = sim.spawn(
      services,
      apps.officeClickToRun,
      '"C:\\Program Files\\Common Files\\Microsoft Shared\\ClickToRun\\OfficeClickToRun.exe" /service',
      ms(4000),
      { integrity: 'System' },
    );
    host.intune = sim.spawn(
      services,
      apps.intuneAgent,
      '"C:\\Program Files (x86)\\Microsoft Intune Management Extension\\Microsoft.Management.Services.IntuneWindowsAgent.exe"',
      ms(4500),
      { integrity: 'System' },
    );
    sim.spawn(
      services,
      apps.googleUpdater,
      '"C:\\Program Files (x86)\\Google\\GoogleUpdater\\142.0.7416.0\\updater.exe" --system --windows-service --service=update',
      ms(5000),
      { integrity: 'System' },
    );
    sim.spawn(
      services,
      apps.chromeElevationService,
      `"C:\\Program Files\\Google\\Chrome\\Application\\${chromeVersion}\\elevation_service.exe"`,
      ms(5500),
      { integrity: 'System' },
    );
  }
  extraServices(host);
  return host;
}

const csrssCommandLine =
  '%SystemRoot%\\system32\\csrss.exe ObjectDirectory=\\Windows SharedSection=1024,20480,768 Windows=On SubSystemType=Windows ServerDll=basesrv,1 ServerDll=winsrv:UserServerDllInitialization,3 ServerDll=sxssrv,4 ProfileControl=Off MaxRequestThreads=16';

const dwmAccount: Account = {
  domain: 'window manager', name: 'dwm-1', sid: 'S-1-5-90-0-1', upn: '', logonId: 0x1a2f1,
};

function umfd(session: number): Account {
  return {
    domain: 'font driver host', name: `umfd-${session}`, sid: `S-1-5-96-0-${session}`, upn: '',
    logonId: 0x1a000 + session,
  };
}

/**
 * Logs the workstation's user on at `at`: winlogon starts userinit, which starts explorer; the
 * shell then starts the tray, OneDrive, Teams and the user's browser.
 */
export function logOn(host: Host, at: number, leaveAt: number): UserSession {
  const { sim } = host;
  const user = sim.device.user;
  if (!user) throw new Error(`${sim.device.name} is a server and has no interactive user in the sample`);
  const images = sim.images;
  const account: Account = {
    domain: netbiosDomain,
    name: user.name,
    sid: user.sid,
    upn: user.upn,
    logonId: sim.rng.int(0x100000, 0xfffffff),
  };
  const asUser = { account, integrity: 'Medium', elevation: 'TokenElevationTypeLimited' };
  const userinit = sim.spawn(host.winlogon, images.userinit, `${s32}userinit.exe`, at, asUser);
  const explorer = sim.spawn(userinit, images.explorer, 'C:\\WINDOWS\\Explorer.EXE', at + 900 * ticksPerMs, asUser);
  const sec = (n: number) => at + n * ticksPerSecond;
  sim.spawn(host.svchost.userManager, images.sihost, 'sihost.exe', at + 300 * ticksPerMs, asUser);
  sim.spawn(
    host.svchost.schedule,
    images.taskhostw,
    'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}',
    sec(1),
    asUser,
  );
  sim.spawn(host.svchost.tabletInput, images.ctfmon, '"ctfmon.exe"', sec(1), asUser);
  for (let i = 0; i < 3; i++) {
    sim.spawn(host.svchost.dcom, images.runtimeBroker, `${s32}RuntimeBroker.exe -Embedding`, sec(2 + i * 3), asUser);
  }
  sim.spawn(explorer, images.securityHealthSystray, `"${s32}SecurityHealthSystray.exe" `, sec(6));
  const oneDrive = sim.spawn(explorer, apps.oneDrive, '"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe" /background', sec(7));
  sim.spawn(oneDrive, apps.fileCoAuth, '"C:\\Program Files\\Microsoft OneDrive\\25.214.1102.0002\\FileCoAuth.exe" -Embedding', sec(40));
  const teams = sim.spawn(explorer, apps.msTeams, '"ms-teams.exe" msteams:system-initiated', sec(8));
  const browserKind = user.usesEdge ? 'msedge' : 'chrome';
  const browserImage = browserKind === 'chrome' ? apps.chrome : apps.msedge;
  const browser = sim.spawn(explorer, browserImage, `"${browserImage.path}" `, sec(sim.rng.int(30, 240)));
  const session: UserSession = { account, explorer, browser, browserKind, teams, logonAt: at, leaveAt };
  host.user = session;
  return session;
}

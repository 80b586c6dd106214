import type { Department, Device, User } from './device.js';
import { Prng } from './prng.js';

export const domainSuffix = 'corp.example';
export const netbiosDomain = 'corp';
/** Domain SID prefix shared by every domain account in the sample. */
const domainSid = 'S-1-5-21-2841176535-1520963728-3462906311';

const workstationOs = '10.0.26100.7309';
const serverOs = '10.0.20348.4405';

/** Workstation users by department, in the order of the machine numbers. */
const staff: Record<Exclude<Department, 'server'>, string[]> = {
  finance: ['mbauer', 'lokafor', 'tnguyen', 'rsilva'],
  engineering: ['jchen', 'apatel', 'dkowalski', 'sfischer', 'hyamamoto', 'eobrien'],
  sales: ['kestrel', 'cmoreau', 'bjohansson', 'pgarcia', 'nwright'],
  it: ['ghassan', 'vlindqvist'],
};

/** Users whose default browser is Edge; everyone else uses Chrome. */
const edgeUsers = new Set(['tnguyen', 'apatel', 'sfischer', 'cmoreau', 'nwright', 'vlindqvist']);

const departmentCode: Record<Exclude<Department, 'server'>, string> = {
  finance: 'fin',
  engineering: 'eng',
  sales: 'sal',
  it: 'it',
};

const servers = ['srv-file-01', 'srv-app-01', 'srv-dc-01'];

/**
 * Builds the office network: 17 workstations in four departments and three servers. The seed
 * fixes device ids and ReportId bases, so `seed` lets the benchmark vary them between days.
 */
export function buildNetwork(seed: number): Device[] {
  const rng = new Prng(seed);
  const devices: Device[] = [];
  let rid = 1104;
  for (const department of Object.keys(staff) as Array<Exclude<Department, 'server'>>) {
    staff[department].forEach((name, index) => {
      const user: User = {
        name,
        sid: `${domainSid}-${rid++}`,
        upn: `${name}@${domainSuffix}`,
        usesEdge: edgeUsers.has(name),
      };
      const host = `ws-${departmentCode[department]}-${String(index + 1).padStart(2, '0')}`;
      devices.push({
        name: `${host}.${domainSuffix}`,
        id: rng.hex(40),
        department,
        isServer: false,
        osBuild: workstationOs,
        user,
        reportIdBase: rng.int(2000, 90000),
      });
    });
  }
  for (const host of servers) {
    devices.push({
      name: `${host}.${domainSuffix}`,
      id: rng.hex(40),
      department: 'server',
      isServer: true,
      osBuild: serverOs,
      reportIdBase: rng.int(2000, 90000),
    });
  }
  return devices;
}

/** Returns the device with the given short host name (e.g. "ws-fin-03"). */
export function deviceByHost(devices: readonly Device[], host: string): Device {
  const device = devices.find((d) => d.name === `${host}.${domainSuffix}`);
  if (!device) throw new Error(`no device named ${host} in the sample network`);
  return device;
}

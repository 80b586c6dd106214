import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { TableRow } from '../../sources/types.js';
import type { RecordOrigin } from './origin.js';
import { normalizeSysmonProcessCreate } from './sysmonProcessCreate.js';
import { normalizeSecurityProcessCreate } from './securityProcessCreate.js';
import { normalizeSysmonRegistry } from './sysmonRegistry.js';
import { normalizeSysmonFileCreate } from './sysmonFileCreate.js';
import { normalizeSysmonNetwork } from './sysmonNetwork.js';

const sysmonProvider = 'Microsoft-Windows-Sysmon';
const sysmonChannel = 'Microsoft-Windows-Sysmon/Operational';
const securityProvider = 'Microsoft-Windows-Security-Auditing';

/**
 * Normalises one Windows event, whatever carried it (EVTX, event XML, NXLog or winlogbeat JSON).
 * Sysmon event 1 and Security event 4688 become a DeviceProcessEvents row, Sysmon 12-14 a
 * DeviceRegistryEvents row, Sysmon 11 and 15 a DeviceFileEvents row, Sysmon 3 a
 * DeviceNetworkEvents row; any other event
 * returns the reason it was ignored, a short text meant for the summary's per-reason counts.
 */
export function normalizeWindowsEvent(event: WindowsEvent, origin: RecordOrigin): TableRow | string {
  const sysmon = event.provider === sysmonProvider || event.channel === sysmonChannel;
  if (sysmon) {
    if (event.eventId === 1) return normalizeSysmonProcessCreate(event, origin);
    // Sysmon 3, 11-15 fill the network, file and registry tables.
    if (event.eventId === 3) return normalizeSysmonNetwork(event, origin);
    if (event.eventId === 11 || event.eventId === 15) return normalizeSysmonFileCreate(event, origin);
    if (event.eventId >= 12 && event.eventId <= 14) return normalizeSysmonRegistry(event, origin);
    return `Sysmon event ${event.eventId} (not a process creation)`;
  }
  const security = event.provider === securityProvider || (event.provider === '' && event.channel === 'Security');
  if (security) {
    if (event.eventId === 4688) return normalizeSecurityProcessCreate(event, origin);
    return `Security event ${event.eventId} (not a process creation)`;
  }
  return `Windows event from ${event.provider || event.channel || 'an unknown provider'} (not a process creation)`;
}

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

/** A normaliser for one kind of Windows event. */
export type WindowsEventNormalizer = (event: WindowsEvent, origin: RecordOrigin) => TableRow | string;

/** Route of one kind of Windows event to a row: the table it fills and its normaliser. */
export interface WindowsEventRoute {
  table: string;
  normalize: WindowsEventNormalizer;
}

const sysmonProcessCreate: WindowsEventRoute = { table: 'DeviceProcessEvents', normalize: normalizeSysmonProcessCreate };
const sysmonNetwork: WindowsEventRoute = { table: 'DeviceNetworkEvents', normalize: normalizeSysmonNetwork };
const sysmonFile: WindowsEventRoute = { table: 'DeviceFileEvents', normalize: normalizeSysmonFileCreate };
const sysmonRegistry: WindowsEventRoute = { table: 'DeviceRegistryEvents', normalize: normalizeSysmonRegistry };
const securityProcessCreate: WindowsEventRoute = { table: 'DeviceProcessEvents', normalize: normalizeSecurityProcessCreate };

/**
 * Picks the route of an event from its System fields alone (provider, channel, event id), or
 * returns the reason the event is ignored, a short text meant for the summary's per-reason
 * counts. Readers that can skip decoding the EventData of ignored events, or of events whose
 * table no query reads, call this first.
 */
export function windowsEventRoute(event: Pick<WindowsEvent, 'provider' | 'channel' | 'eventId'>): WindowsEventRoute | string {
  const sysmon = event.provider === sysmonProvider || event.channel === sysmonChannel;
  if (sysmon) {
    if (event.eventId === 1) return sysmonProcessCreate;
    // Sysmon 3, 11-15 fill the network, file and registry tables.
    if (event.eventId === 3) return sysmonNetwork;
    if (event.eventId === 11 || event.eventId === 15) return sysmonFile;
    if (event.eventId >= 12 && event.eventId <= 14) return sysmonRegistry;
    return `Sysmon event ${event.eventId} (not a process creation)`;
  }
  const security = event.provider === securityProvider || (event.provider === '' && event.channel === 'Security');
  if (security) {
    if (event.eventId === 4688) return securityProcessCreate;
    return `Security event ${event.eventId} (not a process creation)`;
  }
  return `Windows event from ${event.provider || event.channel || 'an unknown provider'} (not a process creation)`;
}

/**
 * Normalises one Windows event, whatever carried it (EVTX, event XML, NXLog or winlogbeat JSON).
 * Sysmon event 1 and Security event 4688 become a DeviceProcessEvents row, Sysmon 12-14 a
 * DeviceRegistryEvents row, Sysmon 11 and 15 a DeviceFileEvents row, Sysmon 3 a
 * DeviceNetworkEvents row; any other event
 * returns the reason it was ignored, a short text meant for the summary's per-reason counts.
 */
export function normalizeWindowsEvent(event: WindowsEvent, origin: RecordOrigin): TableRow | string {
  const route = windowsEventRoute(event);
  return typeof route === 'string' ? route : route.normalize(event, origin);
}

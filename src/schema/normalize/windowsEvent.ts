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

/**
 * Picks the normaliser for an event from its System fields alone (provider, channel, event id),
 * or returns the reason the event is ignored, a short text meant for the summary's per-reason
 * counts. Readers that can skip decoding the EventData of ignored events call this first.
 */
export function windowsEventNormalizer(
  event: Pick<WindowsEvent, 'provider' | 'channel' | 'eventId'>,
): WindowsEventNormalizer | string {
  const sysmon = event.provider === sysmonProvider || event.channel === sysmonChannel;
  if (sysmon) {
    if (event.eventId === 1) return normalizeSysmonProcessCreate;
    // Sysmon 3, 11-15 fill the network, file and registry tables.
    if (event.eventId === 3) return normalizeSysmonNetwork;
    if (event.eventId === 11 || event.eventId === 15) return normalizeSysmonFileCreate;
    if (event.eventId >= 12 && event.eventId <= 14) return normalizeSysmonRegistry;
    return `Sysmon event ${event.eventId} (not a process creation)`;
  }
  const security = event.provider === securityProvider || (event.provider === '' && event.channel === 'Security');
  if (security) {
    if (event.eventId === 4688) return normalizeSecurityProcessCreate;
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
  const normalizer = windowsEventNormalizer(event);
  return typeof normalizer === 'string' ? normalizer : normalizer(event, origin);
}

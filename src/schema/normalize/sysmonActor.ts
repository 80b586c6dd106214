import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { Row } from '../types.js';
import { parseDatetime } from './datetime.js';
import { baseName, cleanPlaceholder, parseId, splitAccount } from './fields.js';

/**
 * EventData names that Sysmon's registry, file and network events use for the process that
 * acted; every such event maps them to the same InitiatingProcess* columns.
 */
export const sysmonActorNames = new Set(['UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'User']);

/**
 * Reads the acting process and the event time of a Sysmon event (3, 11, 12, 13, 14, 15) into
 * the columns those tables share. Sysmon names the actor only by image, PID, GUID and (since
 * schema 4.30) user; command line, hashes and parent are not in these events, so those columns
 * stay empty. InitiatingProcessUniqueId holds Sysmon's ProcessGuid, a GUID rather than the
 * number Defender writes there.
 */
export function sysmonActor(event: WindowsEvent): Row {
  const value = (name: string): string => cleanPlaceholder(event.data[name]);
  const image = value('Image');
  const user = splitAccount(value('User'));
  return {
    Timestamp: parseDatetime(value('UtcTime')) ?? event.timeCreated,
    DeviceName: event.computer,
    InitiatingProcessFileName: baseName(image),
    InitiatingProcessFolderPath: image,
    InitiatingProcessId: parseId(value('ProcessId')),
    InitiatingProcessAccountDomain: user.domain,
    InitiatingProcessAccountName: user.name,
    InitiatingProcessUniqueId: value('ProcessGuid'),
  };
}

/** Copies EventData values that no column took into an AdditionalFields object. */
export function unmappedData(event: WindowsEvent, mapped: ReadonlySet<string>): Record<string, unknown> {
  const additional: Record<string, unknown> = {};
  for (const name in event.data) {
    if (mapped.has(name) || sysmonActorNames.has(name)) continue;
    const extra = cleanPlaceholder(event.data[name]);
    if (extra !== '') additional[name] = extra;
  }
  return additional;
}

import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { TableRow } from '../../sources/types.js';
import type { Row } from '../types.js';
import { addOrigin, type RecordOrigin } from './origin.js';
import { parseDatetime } from './datetime.js';
import { baseName, cleanPlaceholder, parseId, splitAccount, splitHashes } from './fields.js';

/** EventData names of Sysmon event 1 that map to a DeviceProcessEvents column. */
const mappedNames = new Set([
  'UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'Description', 'Product', 'Company',
  'OriginalFileName', 'CommandLine', 'User', 'LogonId', 'TerminalSessionId', 'IntegrityLevel',
  'Hashes', 'ParentProcessGuid', 'ParentProcessId', 'ParentImage', 'ParentCommandLine', 'ParentUser',
]);

/**
 * Maps Sysmon event 1 (process creation) to a DeviceProcessEvents row. EventData is read by
 * name, so any Sysmon schema version works; names without a column (FileVersion, RuleName,
 * CurrentDirectory, LogonGuid, IMPHASH, the GUIDs, ...) go to AdditionalFields. ProcessUniqueId
 * and InitiatingProcessUniqueId hold Sysmon's ProcessGuid and ParentProcessGuid, which are
 * GUIDs, not the numbers Defender writes there.
 */
export function normalizeSysmonProcessCreate(event: WindowsEvent, origin: RecordOrigin): TableRow {
  const data = event.data;
  const value = (name: string): string => cleanPlaceholder(data[name]);

  const image = value('Image');
  const parentImage = value('ParentImage');
  const user = splitAccount(value('User'));
  const parentUser = splitAccount(value('ParentUser'));
  const hashes = splitHashes(value('Hashes'));
  const created = parseDatetime(value('UtcTime')) ?? event.timeCreated;

  const additional: Record<string, unknown> = {};
  for (const name in data) {
    if (mappedNames.has(name)) continue;
    const extra = cleanPlaceholder(data[name]);
    if (extra !== '') additional[name] = extra;
  }
  if (hashes.IMPHASH) additional.IMPHASH = hashes.IMPHASH;
  const processGuid = value('ProcessGuid');
  const parentGuid = value('ParentProcessGuid');
  if (processGuid) additional.ProcessGuid = processGuid;
  if (parentGuid) additional.ParentProcessGuid = parentGuid;
  addOrigin(additional, 'sysmon-1', origin, event.recordId);

  const row: Row = {
    Timestamp: created,
    DeviceName: event.computer,
    ActionType: 'ProcessCreated',
    FileName: baseName(image),
    FolderPath: image,
    SHA1: hashes.SHA1 ?? '',
    SHA256: hashes.SHA256 ?? '',
    MD5: hashes.MD5 ?? '',
    ProcessVersionInfoCompanyName: value('Company'),
    ProcessVersionInfoProductName: value('Product'),
    ProcessVersionInfoOriginalFileName: value('OriginalFileName'),
    ProcessVersionInfoFileDescription: value('Description'),
    ProcessId: parseId(value('ProcessId')),
    ProcessCommandLine: value('CommandLine'),
    ProcessIntegrityLevel: value('IntegrityLevel'),
    ProcessCreationTime: created,
    AccountDomain: user.domain,
    AccountName: user.name,
    LogonId: parseId(value('LogonId')),
    InitiatingProcessAccountDomain: parentUser.domain,
    InitiatingProcessAccountName: parentUser.name,
    InitiatingProcessFileName: baseName(parentImage),
    InitiatingProcessId: parseId(value('ParentProcessId')),
    InitiatingProcessCommandLine: value('ParentCommandLine'),
    InitiatingProcessFolderPath: parentImage,
    CreatedProcessSessionId: parseId(value('TerminalSessionId')),
    ProcessUniqueId: processGuid,
    InitiatingProcessUniqueId: parentGuid,
    AdditionalFields: additional,
  };
  return { table: 'DeviceProcessEvents', row };
}

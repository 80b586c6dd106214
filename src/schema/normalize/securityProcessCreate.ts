import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { TableRow } from '../../sources/types.js';
import type { Row } from '../types.js';
import { addOrigin, type RecordOrigin } from './origin.js';
import {
  baseName, cleanPlaceholder, integrityLevelFromLabel, parseId, tokenElevationName,
} from './fields.js';

/** EventData names of Security event 4688 that map to a DeviceProcessEvents column. */
const mappedNames = new Set([
  'SubjectUserSid', 'SubjectUserName', 'SubjectDomainName', 'SubjectLogonId', 'NewProcessId',
  'NewProcessName', 'TokenElevationType', 'ProcessId', 'CommandLine', 'TargetUserSid',
  'TargetUserName', 'TargetDomainName', 'TargetLogonId', 'ParentProcessName', 'MandatoryLabel',
]);

const nullSid = 'S-1-0-0';

/**
 * Maps Security event 4688 (a new process has been created) to a DeviceProcessEvents row. All
 * ids are hexadecimal with `0x`. Version 0 has no CommandLine; versions before 2 (Windows
 * before 10 / Server 2016) also lack ParentProcessName, TargetUser* and MandatoryLabel, so
 * the parent's name is "" and only InitiatingProcessId (the creator PID) is known.
 * The new process runs as the Target subject when the event names one; otherwise (target name
 * `-`) it runs as the creator, the Subject, which is always the initiating process's account.
 */
export function normalizeSecurityProcessCreate(event: WindowsEvent, origin: RecordOrigin): TableRow {
  const data = event.data;
  const value = (name: string): string => cleanPlaceholder(data[name]);

  const image = value('NewProcessName');
  const parentImage = value('ParentProcessName');
  const targetName = value('TargetUserName');
  const hasTarget = targetName !== '';
  const targetSid = value('TargetUserSid');
  const subjectLogon = parseId(value('SubjectLogonId'));
  const targetLogon = parseId(value('TargetLogonId'));

  const additional: Record<string, unknown> = {};
  for (const name in data) {
    if (mappedNames.has(name)) continue;
    const extra = cleanPlaceholder(data[name]);
    if (extra !== '') additional[name] = extra;
  }
  const label = value('MandatoryLabel');
  if (label) additional.MandatoryLabel = label;
  addOrigin(additional, 'security-4688', origin, event.recordId);

  const row: Row = {
    Timestamp: event.timeCreated,
    DeviceName: event.computer,
    ActionType: 'ProcessCreated',
    FileName: baseName(image),
    FolderPath: image,
    ProcessId: parseId(value('NewProcessId')),
    ProcessCommandLine: value('CommandLine'),
    ProcessIntegrityLevel: label ? integrityLevelFromLabel(label) : '',
    ProcessTokenElevation: tokenElevationName(value('TokenElevationType')),
    ProcessCreationTime: event.timeCreated,
    AccountDomain: hasTarget ? value('TargetDomainName') : value('SubjectDomainName'),
    AccountName: hasTarget ? targetName : value('SubjectUserName'),
    AccountSid: hasTarget && targetSid !== nullSid ? targetSid : hasTarget ? '' : value('SubjectUserSid'),
    // A target logon id of 0x0 means the event names no separate logon session.
    LogonId: hasTarget && targetLogon ? targetLogon : subjectLogon,
    InitiatingProcessAccountDomain: value('SubjectDomainName'),
    InitiatingProcessAccountName: value('SubjectUserName'),
    InitiatingProcessAccountSid: value('SubjectUserSid'),
    InitiatingProcessLogonId: subjectLogon,
    InitiatingProcessFileName: baseName(parentImage),
    InitiatingProcessId: parseId(value('ProcessId')),
    InitiatingProcessFolderPath: parentImage,
    AdditionalFields: additional,
  };
  return { table: 'DeviceProcessEvents', row };
}

import { values, type TestEvent, type TestValue } from './writer.js';

export const sysmonGuid = '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}';

/** A Sysmon process creation (event 1) for test fixtures. */
export function sysmonProcessCreate(
  recordId: number,
  time: Date,
  fields: { image: string; commandLine: string | TestValue; parentImage: string; user?: string },
): TestEvent {
  const commandLine = typeof fields.commandLine === 'string' ? values.string(fields.commandLine) : fields.commandLine;
  return {
    recordId,
    time,
    provider: 'Microsoft-Windows-Sysmon',
    providerGuid: sysmonGuid,
    eventId: 1,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'ws01.corp.example',
    data: [
      ['RuleName', values.string('-')],
      ['UtcTime', values.string(time.toISOString().replace('T', ' ').replace('Z', ''))],
      ['ProcessGuid', values.guid('{6A3E1C2B-0001-4D2E-9F00-00000000A001}')],
      ['ProcessId', values.uint32(4000 + recordId)],
      ['Image', values.string(fields.image)],
      ['CommandLine', commandLine],
      ['CurrentDirectory', values.string('C:\\Users\\kestrel\\')],
      ['User', values.string(fields.user ?? 'CORP\\kestrel')],
      ['IntegrityLevel', values.string('Medium')],
      ['ParentProcessId', values.uint32(3120)],
      ['ParentImage', values.string(fields.parentImage)],
      ['ParentCommandLine', values.string('C:\\Windows\\Explorer.EXE')],
    ],
  };
}

/** A Security 4624-like logon event, for filler records that are not process creations. */
export function securityLogon(recordId: number, time: Date): TestEvent {
  return {
    recordId,
    time,
    provider: 'Microsoft-Windows-Security-Auditing',
    providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
    eventId: 4624,
    channel: 'Security',
    computer: 'ws01.corp.example',
    data: [
      ['TargetUserName', values.string('kestrel')],
      ['LogonType', values.uint32(2)],
    ],
  };
}

/** Builds a Sysmon registry value set (event 13), for rows of a table other than DeviceProcessEvents. */
export function sysmonRegistrySet(recordId: number, time: Date, targetObject: string, details: string): TestEvent {
  return {
    recordId,
    time,
    provider: 'Microsoft-Windows-Sysmon',
    providerGuid: sysmonGuid,
    eventId: 13,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'ws01.corp.example',
    data: [
      ['RuleName', values.string('-')],
      ['EventType', values.string('SetValue')],
      ['UtcTime', values.string(time.toISOString().replace('T', ' ').replace('Z', ''))],
      ['ProcessGuid', values.guid('{6A3E1C2B-0001-4D2E-9F00-00000000A001}')],
      ['ProcessId', values.uint32(3120)],
      ['Image', values.string('C:\\Windows\\explorer.exe')],
      ['TargetObject', values.string(targetObject)],
      ['Details', values.string(details)],
    ],
  };
}

/** Builds a Security 4688 process creation with a parent name (Windows 10 and later), for test fixtures. */
export function securityProcessCreate(recordId: number, time: Date): TestEvent {
  return {
    recordId,
    time,
    provider: 'Microsoft-Windows-Security-Auditing',
    providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
    eventId: 4688,
    channel: 'Security',
    computer: 'ws01.corp.example',
    data: [
      ['SubjectUserSid', values.sid('S-1-5-21-1004336348-1177238915-682003330-1001')],
      ['SubjectUserName', values.string('kestrel')],
      ['SubjectDomainName', values.string('CORP')],
      ['SubjectLogonId', values.hexInt64(0x3e7)],
      ['NewProcessId', values.hexInt64(0x1c10)],
      ['NewProcessName', values.string('C:\\Users\\kestrel\\Downloads\\invoice.exe')],
      ['TokenElevationType', values.string('%%1938')],
      ['ProcessId', values.hexInt64(0xc18)],
      ['CommandLine', values.string('"C:\\Users\\kestrel\\Downloads\\invoice.exe" /quiet')],
      ['TargetUserSid', values.sid('S-1-0-0')],
      ['TargetUserName', values.string('-')],
      ['TargetDomainName', values.string('-')],
      ['TargetLogonId', values.hexInt64(0)],
      ['ParentProcessName', values.string('C:\\Windows\\explorer.exe')],
      ['MandatoryLabel', values.sid('S-1-16-8192')],
    ],
  };
}

import { createHash } from 'node:crypto';
import { defenderRegistryPath } from '../schema/normalize/sysmonRegistry.js';
import { baseName, splitAccount } from '../schema/normalize/fields.js';
import type { EventSpec, FixtureSpec } from './fixtureSpec.js';

/** File names of the two renderings of every fixture. */
export const fixtureFiles = { defender: 'defender.jsonl', sysmon: 'sysmon.xml' } as const;

/**
 * Renders a fixture's events as Defender advanced hunting rows, one JSON object per line, with
 * the columns Defender fills for that table. Ids are derived from the fixture and event index,
 * so the output is the same on every run.
 */
export function renderDefender(spec: FixtureSpec): string {
  return spec.events.map((event, index) => JSON.stringify(defenderRow(spec, event, index))).join('\n') + '\n';
}

/** Renders a fixture's events as Sysmon event XML (`wevtutil qe /f:xml` shape) in one `<Events>` document. */
export function renderSysmon(spec: FixtureSpec): string {
  const events = spec.events.map((event, index) => sysmonEvent(spec, event, index));
  return `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${events.join('\n')}\n</Events>\n`;
}

function deviceId(device: string): string {
  return createHash('sha1').update(device.toLowerCase()).digest('hex');
}

function pid(spec: FixtureSpec, index: number, salt: string): number {
  return 1000 + (createHash('sha1').update(`${spec.id}/${index}/${salt}`).digest().readUInt16BE(0) % 60000);
}

function defenderRow(spec: FixtureSpec, event: EventSpec, index: number): Record<string, unknown> {
  const user = splitAccount(event.user);
  const common = {
    Timestamp: event.time, DeviceId: deviceId(event.device), DeviceName: event.device,
    ReportId: 100 + index,
    InitiatingProcessAccountDomain: user.domain, InitiatingProcessAccountName: user.name,
  };
  switch (event.kind) {
    case 'process':
      return {
        ...common, ActionType: 'ProcessCreated', FileName: baseName(event.image), FolderPath: event.image,
        ProcessId: pid(spec, index, 'child'), ProcessCommandLine: event.commandLine,
        ProcessVersionInfoOriginalFileName: event.originalFileName, ProcessVersionInfoProductName: event.product,
        ProcessVersionInfoCompanyName: event.company, AccountDomain: user.domain, AccountName: user.name,
        InitiatingProcessFileName: baseName(event.parentImage), InitiatingProcessFolderPath: event.parentImage,
        InitiatingProcessCommandLine: event.parentCommandLine, InitiatingProcessId: pid(spec, index, 'parent'),
      };
    case 'registry': {
      const dword = typeof event.data === 'number';
      return {
        ...common, ActionType: 'RegistryValueSet', RegistryKey: defenderRegistryPath(event.key), RegistryValueName: event.value,
        RegistryValueType: dword ? 'Dword' : 'String', RegistryValueData: String(event.data),
        InitiatingProcessFileName: baseName(event.image), InitiatingProcessFolderPath: event.image,
        InitiatingProcessCommandLine: event.commandLine, InitiatingProcessId: pid(spec, index, 'actor'),
      };
    }
    case 'file':
      return {
        ...common, ActionType: 'FileCreated', FileName: baseName(event.path), FolderPath: event.path,
        FileOriginUrl: event.originUrl, FileOriginReferrerUrl: event.referrerUrl,
        InitiatingProcessFileName: baseName(event.image), InitiatingProcessFolderPath: event.image,
        InitiatingProcessId: pid(spec, index, 'actor'),
      };
  }
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Sysmon's UtcTime form: `2026-11-30 10:00:00.123`. */
function utcTime(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
}

function sysmonEvent(spec: FixtureSpec, event: EventSpec, index: number): string {
  const guid = (salt: string) => {
    const hex = createHash('sha1').update(`${spec.id}/${index}/${salt}`).digest('hex');
    return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
  };
  const data: Array<[string, string]> = [['RuleName', '-'], ['UtcTime', utcTime(event.time)]];
  let eventId: number;
  switch (event.kind) {
    case 'process':
      eventId = 1;
      data.push(
        ['ProcessGuid', guid('child')], ['ProcessId', String(pid(spec, index, 'child'))], ['Image', event.image],
        ['FileVersion', '-'], ['Description', '-'], ['Product', event.product || '-'], ['Company', event.company || '-'],
        ['OriginalFileName', event.originalFileName || '-'], ['CommandLine', event.commandLine], ['CurrentDirectory', 'C:\\Windows\\system32\\'],
        ['User', event.user], ['LogonId', '0x3e7a1'], ['TerminalSessionId', '1'], ['IntegrityLevel', 'Medium'],
        ['Hashes', '-'], ['ParentProcessGuid', guid('parent')], ['ParentProcessId', String(pid(spec, index, 'parent'))],
        ['ParentImage', event.parentImage], ['ParentCommandLine', event.parentCommandLine || '-'], ['ParentUser', event.user],
      );
      break;
    case 'registry':
      eventId = 13;
      data.push(
        ['EventType', 'SetValue'], ['ProcessGuid', guid('actor')], ['ProcessId', String(pid(spec, index, 'actor'))], ['Image', event.image],
        ['TargetObject', `${event.key}\\${event.value}`],
        ['Details', typeof event.data === 'number' ? `DWORD (0x${event.data.toString(16).padStart(8, '0')})` : event.data],
        ['User', event.user],
      );
      break;
    case 'file':
      eventId = event.originUrl ? 15 : 11;
      data.push(['ProcessGuid', guid('actor')], ['ProcessId', String(pid(spec, index, 'actor'))], ['Image', event.image]);
      if (event.originUrl) {
        data.push(
          ['TargetFilename', `${event.path}:Zone.Identifier`], ['CreationUtcTime', utcTime(event.time)],
          ['Hash', 'SHA256=0000000000000000000000000000000000000000000000000000000000000000'],
          ['Contents', `[ZoneTransfer]  ZoneId=3  ReferrerUrl=${event.referrerUrl}  HostUrl=${event.originUrl}  `],
        );
      } else {
        data.push(['TargetFilename', event.path], ['CreationUtcTime', utcTime(event.time)]);
      }
      data.push(['User', event.user]);
      break;
  }
  const fields = data.map(([name, value]) => `<Data Name="${name}">${escapeXml(value)}</Data>`).join('');
  return '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>'
    + '<Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"/>'
    + `<EventID>${eventId}</EventID><Version>5</Version><Level>4</Level><Task>${eventId}</Task><Opcode>0</Opcode>`
    + `<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime="${new Date(event.time).toISOString()}"/>`
    + `<EventRecordID>${index + 1}</EventRecordID><Correlation/><Execution ProcessID="3164" ThreadID="4212"/>`
    + `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>${escapeXml(event.device)}</Computer>`
    + `<Security UserID="S-1-5-18"/></System><EventData>${fields}</EventData></Event>`;
}

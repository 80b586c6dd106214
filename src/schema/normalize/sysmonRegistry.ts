import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { TableRow } from '../../sources/types.js';
import { addOrigin, type RecordOrigin } from './origin.js';
import { cleanPlaceholder } from './fields.js';
import { sysmonActor, unmappedData } from './sysmonActor.js';

const mappedNames = new Set(['EventType', 'TargetObject', 'Details', 'NewName']);

/** Sysmon's EventType values for events 12, 13 and 14, with the ActionType Defender uses for the same change. */
const actionTypes: Record<string, string> = {
  CreateKey: 'RegistryKeyCreated',
  DeleteKey: 'RegistryKeyDeleted',
  CreateValue: 'RegistryValueSet',
  DeleteValue: 'RegistryValueDeleted',
  SetValue: 'RegistryValueSet',
  RenameKey: 'RegistryKeyRenamed',
  RenameValue: 'RegistryValueRenamed',
};

/**
 * Maps Sysmon event 12 (key or value created or deleted), 13 (value set) and 14 (key or value
 * renamed) to a DeviceRegistryEvents row. Sysmon's TargetObject is one path: for value events
 * the last segment is the value name, so it is split into RegistryKey and RegistryValueName.
 * Hive prefixes become Defender's long names (HKLM becomes HKEY_LOCAL_MACHINE; HKU\<user SID>
 * becomes HKEY_CURRENT_USER\<user SID>, as Defender writes per-user keys). Details such as
 * `DWORD (0x00000001)` become RegistryValueType `Dword` and decimal data `1`.
 */
export function normalizeSysmonRegistry(event: WindowsEvent, origin: RecordOrigin): TableRow {
  const value = (name: string): string => cleanPlaceholder(event.data[name]);
  const eventType = value('EventType');
  const target = defenderRegistryPath(value('TargetObject'));
  const valueEvent = event.eventId === 13 || /Value$/.test(eventType);
  const cut = target.lastIndexOf('\\');
  const key = valueEvent && cut > 0 ? target.slice(0, cut) : target;
  const valueName = valueEvent && cut > 0 ? target.slice(cut + 1) : '';
  const details = registryDetails(value('Details'));

  const row = sysmonActor(event);
  row.ActionType = actionTypes[eventType] ?? (event.eventId === 13 ? 'RegistryValueSet' : eventType);
  row.RegistryKey = key;
  row.RegistryValueName = valueName === '(Default)' ? '' : valueName;
  row.RegistryValueType = details.type;
  row.RegistryValueData = details.data;
  if (event.eventId === 14) {
    // A rename reports the old path in TargetObject and the new one in NewName.
    const renamed = defenderRegistryPath(value('NewName'));
    row.PreviousRegistryKey = key;
    row.PreviousRegistryValueName = row.RegistryValueName;
    row.RegistryKey = valueEvent ? renamed.slice(0, Math.max(renamed.lastIndexOf('\\'), 0)) : renamed;
    if (valueEvent) row.RegistryValueName = renamed.slice(renamed.lastIndexOf('\\') + 1);
  }
  row.AdditionalFields = addOrigin(unmappedData(event, mappedNames), `sysmon-${event.eventId}`, origin, event.recordId);
  return { table: 'DeviceRegistryEvents', row };
}

const hives: Array<[RegExp, string]> = [
  [/^HKLM(?=\\|$)/i, 'HKEY_LOCAL_MACHINE'],
  [/^HKU\\(S-1-5-21-[\d-]+)(?=\\|$)/i, 'HKEY_CURRENT_USER\\$1'],
  [/^HKU(?=\\|$)/i, 'HKEY_USERS'],
  [/^HKCU(?=\\|$)/i, 'HKEY_CURRENT_USER'],
  [/^HKCR(?=\\|$)/i, 'HKEY_CLASSES_ROOT'],
  [/^HKCC(?=\\|$)/i, 'HKEY_CURRENT_CONFIG'],
];

/** Rewrites a Sysmon registry path (`HKLM\...`, `HKU\S-1-5-21-...\...`) with Defender's hive names. */
export function defenderRegistryPath(path: string): string {
  for (const [pattern, replacement] of hives) {
    if (pattern.test(path)) return path.replace(pattern, replacement);
  }
  return path;
}

/** Splits Sysmon's Details text into Defender's value type and data. */
function registryDetails(details: string): { type: string; data: string } {
  const number = /^(DWORD|QWORD) \((0x[0-9a-fA-F]+)(?:-(0x[0-9a-fA-F]+))?\)$/.exec(details);
  if (number) {
    const type = number[1] === 'DWORD' ? 'Dword' : 'Qword';
    // Sysmon writes a QWORD as its high and low DWORDs, `(0xHIGH-0xLOW)`.
    const data = number[3] === undefined
      ? BigInt(number[2]!)
      : (BigInt(number[2]!) << 32n) + BigInt(number[3]);
    return { type, data: data.toString() };
  }
  if (details === 'Binary Data') return { type: 'Binary', data: '' };
  if (details === '(Empty)') return { type: 'String', data: '' };
  // NOTE: Sysmon does not say whether text is REG_SZ, REG_EXPAND_SZ or REG_MULTI_SZ; all are "String" here.
  return { type: details === '' ? '' : 'String', data: details };
}

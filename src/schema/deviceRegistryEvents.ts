import { initiatingAccountColumns, initiatingSessionColumns, initiatingVersionInfoColumns } from './initiatingProcessColumns.js';
import type { ColumnType } from './types.js';

/**
 * Columns of Microsoft Defender's DeviceRegistryEvents table (registry keys and values created,
 * set, renamed or deleted), in the order and with the types of Microsoft's advanced hunting
 * schema reference.
 */
export const deviceRegistryEventsColumns: ReadonlyArray<readonly [string, ColumnType]> = [
  ['Timestamp', 'datetime'],
  ['DeviceId', 'string'],
  ['DeviceName', 'string'],
  ['ActionType', 'string'],
  ['RegistryKey', 'string'],
  ['RegistryValueType', 'string'],
  ['RegistryValueName', 'string'],
  ['RegistryValueData', 'string'],
  ['PreviousRegistryKey', 'string'],
  ['PreviousRegistryValueName', 'string'],
  ['PreviousRegistryValueData', 'string'],
  ...initiatingAccountColumns,
  ['InitiatingProcessSHA1', 'string'],
  ['InitiatingProcessSHA256', 'string'],
  ['InitiatingProcessMD5', 'string'],
  ['InitiatingProcessFileName', 'string'],
  ['InitiatingProcessFileSize', 'long'],
  ...initiatingVersionInfoColumns,
  ['InitiatingProcessId', 'long'],
  ['InitiatingProcessCommandLine', 'string'],
  ['InitiatingProcessCreationTime', 'datetime'],
  ['InitiatingProcessFolderPath', 'string'],
  ['InitiatingProcessParentId', 'long'],
  ['InitiatingProcessParentFileName', 'string'],
  ['InitiatingProcessParentCreationTime', 'datetime'],
  ['InitiatingProcessIntegrityLevel', 'string'],
  ['InitiatingProcessTokenElevation', 'string'],
  ['ReportId', 'long'],
  ['AppGuardContainerId', 'string'],
  // NOTE: Microsoft's reference page does not list AdditionalFields for this table; lurewatch
  // adds it so that registry rows carry their origin (file, record) like every other row.
  ['AdditionalFields', 'dynamic'],
  ...initiatingSessionColumns,
];

import { initiatingAccountColumns, initiatingSessionColumns, initiatingVersionInfoColumns } from './initiatingProcessColumns.js';
import type { ColumnType } from './types.js';

/**
 * Columns of Microsoft Defender's DeviceNetworkEvents table (connections and related events), in
 * the order and with the types of Microsoft's advanced hunting schema reference.
 */
export const deviceNetworkEventsColumns: ReadonlyArray<readonly [string, ColumnType]> = [
  ['Timestamp', 'datetime'],
  ['DeviceId', 'string'],
  ['DeviceName', 'string'],
  ['ActionType', 'string'],
  ['RemoteIP', 'string'],
  ['RemotePort', 'int'],
  ['RemoteUrl', 'string'],
  ['LocalIP', 'string'],
  ['LocalPort', 'int'],
  ['Protocol', 'string'],
  ['LocalIPType', 'string'],
  ['RemoteIPType', 'string'],
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
  ['InitiatingProcessParentFileName', 'string'],
  ['InitiatingProcessParentId', 'long'],
  ['InitiatingProcessParentCreationTime', 'datetime'],
  ...initiatingAccountColumns,
  ['InitiatingProcessIntegrityLevel', 'string'],
  ['InitiatingProcessTokenElevation', 'string'],
  ['ReportId', 'long'],
  ['AppGuardContainerId', 'string'],
  ['AdditionalFields', 'dynamic'],
  ...initiatingSessionColumns,
];

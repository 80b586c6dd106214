import type { ColumnType } from './types.js';

/**
 * The InitiatingProcess* columns that DeviceRegistryEvents, DeviceFileEvents and
 * DeviceNetworkEvents share, with the types Microsoft's advanced hunting reference gives them.
 * Each table lists them in its own order, so each schema file places them itself.
 */
export const initiatingAccountColumns: ReadonlyArray<readonly [string, ColumnType]> = [
  ['InitiatingProcessAccountDomain', 'string'],
  ['InitiatingProcessAccountName', 'string'],
  ['InitiatingProcessAccountSid', 'string'],
  ['InitiatingProcessAccountUpn', 'string'],
  ['InitiatingProcessAccountObjectId', 'string'],
];

export const initiatingVersionInfoColumns: ReadonlyArray<readonly [string, ColumnType]> = [
  ['InitiatingProcessVersionInfoCompanyName', 'string'],
  ['InitiatingProcessVersionInfoProductName', 'string'],
  ['InitiatingProcessVersionInfoProductVersion', 'string'],
  ['InitiatingProcessVersionInfoInternalFileName', 'string'],
  ['InitiatingProcessVersionInfoOriginalFileName', 'string'],
  ['InitiatingProcessVersionInfoFileDescription', 'string'],
];

/** Columns every event table ends with: the report id, Application Guard, and remote-session facts. */
export const initiatingSessionColumns: ReadonlyArray<readonly [string, ColumnType]> = [
  ['InitiatingProcessSessionId', 'long'],
  ['IsInitiatingProcessRemoteSession', 'bool'],
  ['InitiatingProcessRemoteSessionDeviceName', 'string'],
  ['InitiatingProcessRemoteSessionIP', 'string'],
  ['InitiatingProcessUniqueId', 'string'],
];

import { deviceProcessEventsColumns } from '../deviceProcessEvents.js';
import type { ColumnType, Row } from '../types.js';
import { toDatetime } from './datetime.js';
import { toBool, toDynamic, toNumber } from './fields.js';
import { originKeys, type RecordOrigin } from './origin.js';

export const deviceProcessEventsTable = 'DeviceProcessEvents';

const columnType = new Map<string, ColumnType>(deviceProcessEventsColumns);

/** Log Analytics splits a column whose type varies into `Name_string`, `Name_long`, ... */
const typeSuffixes = ['_string', '_long', '_int', '_real', '_dynamic', '_bool', '_datetime', '_guid', '_timespan'];

/**
 * Decides whether a Defender row belongs to DeviceProcessEvents when its container does not
 * say which table it came from. Returns null to accept it, or the reason it was ignored.
 * A `Type` column (Log Analytics) names the table; otherwise ActionType `ProcessCreated` marks
 * a process event, and rows of other tables (DeviceEvents, DeviceNetworkEvents, ...) carry
 * other ActionTypes. A row without ActionType is accepted when it has a FileName column.
 */
export function defenderRowIgnoreReason(raw: Record<string, unknown>): string | null {
  const type = raw.Type;
  if (typeof type === 'string' && type !== '') {
    return type === deviceProcessEventsTable ? null : `Defender ${type} row (not DeviceProcessEvents)`;
  }
  const action = raw.ActionType;
  if (action === 'ProcessCreated') return null;
  if (action === undefined || action === null || action === '') {
    // NOTE: a row without ActionType or Type is taken as DeviceProcessEvents when it has a
    // FileName, so an export of another table stripped of both would be misread.
    return 'FileName' in raw ? null : 'Defender row without ActionType or FileName';
  }
  return `Defender ActionType ${String(action)} (not DeviceProcessEvents)`;
}

/**
 * Converts a Defender row (portal CSV, API or Graph results, streaming `properties`, Log
 * Analytics or JSON lines) to a new row with every DeviceProcessEvents column, in schema order:
 * datetime columns become milliseconds, numeric columns numbers or null, string columns strings
 * (missing or null becomes ""), AdditionalFields parsed JSON with the origin keys added, and Log
 * Analytics `_string`/`_long`/... columns are folded into their column first.
 * NOTE: columns that DeviceProcessEvents does not have (a portal export mixing tables carries
 * RemoteIP, RegistryKey, ...) are dropped.
 */
export function normalizeDefenderRow(raw: Record<string, unknown>, origin: RecordOrigin, layout: DefenderFileLayout = {}): Row {
  // Only files of Log Analytics rows pay for the pass over each row's keys.
  layout.suffixed ??= hasSuffixedColumn(raw);
  if (layout.suffixed) foldSuffixedColumns(raw);
  // One object literal with the columns spelled out keeps every row on one hidden class and
  // every read of `raw` monomorphic. A test checks the literal against the schema.
  return {
    Timestamp: toDatetime(raw.Timestamp),
    DeviceId: str(raw.DeviceId),
    DeviceName: str(raw.DeviceName),
    ActionType: str(raw.ActionType),
    FileName: str(raw.FileName),
    FolderPath: str(raw.FolderPath),
    SHA1: str(raw.SHA1),
    SHA256: str(raw.SHA256),
    MD5: str(raw.MD5),
    FileSize: num(raw.FileSize),
    ProcessVersionInfoCompanyName: str(raw.ProcessVersionInfoCompanyName),
    ProcessVersionInfoProductName: str(raw.ProcessVersionInfoProductName),
    ProcessVersionInfoProductVersion: str(raw.ProcessVersionInfoProductVersion),
    ProcessVersionInfoInternalFileName: str(raw.ProcessVersionInfoInternalFileName),
    ProcessVersionInfoOriginalFileName: str(raw.ProcessVersionInfoOriginalFileName),
    ProcessVersionInfoFileDescription: str(raw.ProcessVersionInfoFileDescription),
    ProcessId: num(raw.ProcessId),
    ProcessCommandLine: str(raw.ProcessCommandLine),
    ProcessIntegrityLevel: str(raw.ProcessIntegrityLevel),
    ProcessTokenElevation: str(raw.ProcessTokenElevation),
    ProcessCreationTime: toDatetime(raw.ProcessCreationTime),
    AccountDomain: str(raw.AccountDomain),
    AccountName: str(raw.AccountName),
    AccountSid: str(raw.AccountSid),
    AccountUpn: str(raw.AccountUpn),
    AccountObjectId: str(raw.AccountObjectId),
    LogonId: num(raw.LogonId),
    InitiatingProcessAccountDomain: str(raw.InitiatingProcessAccountDomain),
    InitiatingProcessAccountName: str(raw.InitiatingProcessAccountName),
    InitiatingProcessAccountSid: str(raw.InitiatingProcessAccountSid),
    InitiatingProcessAccountUpn: str(raw.InitiatingProcessAccountUpn),
    InitiatingProcessAccountObjectId: str(raw.InitiatingProcessAccountObjectId),
    InitiatingProcessLogonId: num(raw.InitiatingProcessLogonId),
    InitiatingProcessIntegrityLevel: str(raw.InitiatingProcessIntegrityLevel),
    InitiatingProcessTokenElevation: str(raw.InitiatingProcessTokenElevation),
    InitiatingProcessSHA1: str(raw.InitiatingProcessSHA1),
    InitiatingProcessSHA256: str(raw.InitiatingProcessSHA256),
    InitiatingProcessMD5: str(raw.InitiatingProcessMD5),
    InitiatingProcessFileName: str(raw.InitiatingProcessFileName),
    InitiatingProcessFileSize: num(raw.InitiatingProcessFileSize),
    InitiatingProcessVersionInfoCompanyName: str(raw.InitiatingProcessVersionInfoCompanyName),
    InitiatingProcessVersionInfoProductName: str(raw.InitiatingProcessVersionInfoProductName),
    InitiatingProcessVersionInfoProductVersion: str(raw.InitiatingProcessVersionInfoProductVersion),
    InitiatingProcessVersionInfoInternalFileName: str(raw.InitiatingProcessVersionInfoInternalFileName),
    InitiatingProcessVersionInfoOriginalFileName: str(raw.InitiatingProcessVersionInfoOriginalFileName),
    InitiatingProcessVersionInfoFileDescription: str(raw.InitiatingProcessVersionInfoFileDescription),
    InitiatingProcessId: num(raw.InitiatingProcessId),
    InitiatingProcessCommandLine: str(raw.InitiatingProcessCommandLine),
    InitiatingProcessCreationTime: toDatetime(raw.InitiatingProcessCreationTime),
    InitiatingProcessFolderPath: str(raw.InitiatingProcessFolderPath),
    InitiatingProcessParentId: num(raw.InitiatingProcessParentId),
    InitiatingProcessParentFileName: str(raw.InitiatingProcessParentFileName),
    InitiatingProcessParentCreationTime: toDatetime(raw.InitiatingProcessParentCreationTime),
    InitiatingProcessSignerType: str(raw.InitiatingProcessSignerType),
    InitiatingProcessSignatureStatus: str(raw.InitiatingProcessSignatureStatus),
    ReportId: num(raw.ReportId),
    AppGuardContainerId: str(raw.AppGuardContainerId),
    AdditionalFields: additionalFields(raw.AdditionalFields, origin),
    InitiatingProcessSessionId: num(raw.InitiatingProcessSessionId),
    IsInitiatingProcessRemoteSession: bool(raw.IsInitiatingProcessRemoteSession),
    InitiatingProcessRemoteSessionDeviceName: str(raw.InitiatingProcessRemoteSessionDeviceName),
    InitiatingProcessRemoteSessionIP: str(raw.InitiatingProcessRemoteSessionIP),
    CreatedProcessSessionId: num(raw.CreatedProcessSessionId),
    IsProcessRemoteSession: bool(raw.IsProcessRemoteSession),
    ProcessRemoteSessionDeviceName: str(raw.ProcessRemoteSessionDeviceName),
    ProcessRemoteSessionIP: str(raw.ProcessRemoteSessionIP),
    InitiatingProcessUniqueId: str(raw.InitiatingProcessUniqueId),
    ProcessUniqueId: str(raw.ProcessUniqueId),
  };
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return stringify(value);
}

function num(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return null;
  return toNumber(value);
}

function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return null;
  return toBool(value);
}

function additionalFields(value: unknown, origin: RecordOrigin): unknown {
  let parsed = typeof value === 'string' ? toDynamic(value) : value;
  if (parsed === undefined || parsed === null) parsed = {};
  if (typeof parsed === 'object' && !Array.isArray(parsed)) {
    const fields = parsed as Record<string, unknown>;
    fields[originKeys.source] = 'defender';
    fields[originKeys.file] = origin.file;
    if (origin.line !== undefined) fields[originKeys.line] = origin.line;
  }
  // NOTE: an AdditionalFields value that is a JSON array or plain text gets no origin keys.
  return parsed;
}

function stringify(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Layout of one file's Defender rows, learned from its first row so that later rows skip
 * the check. Readers keep one per file.
 */
export interface DefenderFileLayout {
  /** True when rows carry Log Analytics `Column_type` keys (e.g. `ReportId_long`). */
  suffixed?: boolean;
}

/** True when the row has a Log Analytics `Column_type` key for a DeviceProcessEvents column. */
export function hasSuffixedColumn(raw: Record<string, unknown>): boolean {
  for (const key of Object.keys(raw)) {
    const cut = key.lastIndexOf('_');
    if (cut > 0 && typeSuffixes.includes(key.slice(cut)) && columnType.has(key.slice(0, cut))) return true;
  }
  return false;
}

/** Moves `Column_suffix` values into `Column` when `Column` is absent, first non-empty wins. */
function foldSuffixedColumns(raw: Record<string, unknown>): void {
  for (const key of Object.keys(raw)) {
    const cut = key.lastIndexOf('_');
    if (cut <= 0) continue;
    const suffix = key.slice(cut);
    if (!typeSuffixes.includes(suffix)) continue;
    const column = key.slice(0, cut);
    if (!columnType.has(column)) continue;
    const value = raw[key];
    delete raw[key];
    if (value === null || value === '' || value === undefined) continue;
    const current = raw[column];
    if (current === undefined || current === null || current === '') raw[column] = value;
  }
}

import type { Device, Proc } from './device.js';
import { ticksPerMs, ticksPerSecond } from './device.js';

/**
 * Formats ticks since `dayEpochMs` as Defender does: ISO 8601 UTC with seven fractional digits,
 * e.g. 2026-11-30T07:12:45.1234567Z.
 */
export function formatTicks(dayEpochMs: number, ticks: number): string {
  const whole = new Date(dayEpochMs + Math.floor(ticks / ticksPerMs)).toISOString().slice(0, 19);
  const fraction = String(ticks % ticksPerSecond).padStart(7, '0');
  return `${whole}.${fraction}Z`;
}

/**
 * Columns that a compact row leaves out: the initiating process's descriptive columns and the
 * UPNs. Lineage (InitiatingProcessId, CreationTime, FileName, FolderPath, CommandLine, SHA1,
 * account, Parent*) and every column of the created process stay.
 */
export const compactOmittedColumns: ReadonlySet<string> = new Set([
  'AccountUpn',
  'InitiatingProcessAccountUpn',
  'InitiatingProcessSHA256',
  'InitiatingProcessMD5',
  'InitiatingProcessFileSize',
  'InitiatingProcessVersionInfoCompanyName',
  'InitiatingProcessVersionInfoProductName',
  'InitiatingProcessVersionInfoProductVersion',
  'InitiatingProcessVersionInfoInternalFileName',
  'InitiatingProcessVersionInfoOriginalFileName',
  'InitiatingProcessVersionInfoFileDescription',
  'InitiatingProcessSignerType',
  'InitiatingProcessSignatureStatus',
]);

/**
 * Builds the DeviceProcessEvents row for a process creation, with the columns in schema order.
 * Empty columns are left out, and readers treat a missing string column as "". A full row is
 * about 2.7 KB of JSON; `compact` drops the columns in compactOmittedColumns (about 1.7 KB).
 */
export function processCreatedRow(
  device: Device,
  proc: Proc,
  dayEpochMs: number,
  compact = false,
): Record<string, string | number> {
  const parent = proc.parent;
  if (!parent) throw new Error(`process ${proc.pid} on ${device.name} has no parent; only System is a root`);
  const grandparent = parent.parent;
  const time = (ticks: number) => formatTicks(dayEpochMs, ticks);
  const row: Record<string, string | number> = {
    Timestamp: time(proc.timestamp),
    DeviceId: device.id,
    DeviceName: device.name,
    ActionType: 'ProcessCreated',
    FileName: proc.image.fileName,
    FolderPath: proc.image.path,
    SHA1: proc.image.sha1,
    SHA256: proc.image.sha256,
    MD5: proc.image.md5,
    FileSize: proc.image.size,
    ProcessVersionInfoCompanyName: proc.image.company,
    ProcessVersionInfoProductName: proc.image.product,
    ProcessVersionInfoProductVersion: proc.image.version,
    ProcessVersionInfoInternalFileName: proc.image.internalName,
    ProcessVersionInfoOriginalFileName: proc.image.originalFileName,
    ProcessVersionInfoFileDescription: proc.image.description,
    ProcessId: proc.pid,
    ProcessCommandLine: proc.commandLine,
    ProcessIntegrityLevel: proc.integrity,
    ProcessTokenElevation: proc.elevation,
    ProcessCreationTime: time(proc.created),
    AccountDomain: proc.account.domain,
    AccountName: proc.account.name,
    AccountSid: proc.account.sid,
    AccountUpn: proc.account.upn,
    LogonId: proc.account.logonId,
    InitiatingProcessAccountDomain: parent.account.domain,
    InitiatingProcessAccountName: parent.account.name,
    InitiatingProcessAccountSid: parent.account.sid,
    InitiatingProcessAccountUpn: parent.account.upn,
    InitiatingProcessLogonId: parent.account.logonId,
    InitiatingProcessIntegrityLevel: parent.integrity,
    InitiatingProcessTokenElevation: parent.elevation,
    InitiatingProcessSHA1: parent.image.sha1,
    InitiatingProcessSHA256: parent.image.sha256,
    InitiatingProcessMD5: parent.image.md5,
    InitiatingProcessFileName: parent.image.fileName,
    InitiatingProcessFileSize: parent.image.size,
    InitiatingProcessVersionInfoCompanyName: parent.image.company,
    InitiatingProcessVersionInfoProductName: parent.image.product,
    InitiatingProcessVersionInfoProductVersion: parent.image.version,
    InitiatingProcessVersionInfoInternalFileName: parent.image.internalName,
    InitiatingProcessVersionInfoOriginalFileName: parent.image.originalFileName,
    InitiatingProcessVersionInfoFileDescription: parent.image.description,
    InitiatingProcessId: parent.pid,
    InitiatingProcessCommandLine: parent.commandLine,
    InitiatingProcessCreationTime: time(parent.created),
    // Defender reports the initiating process's path in lower case.
    InitiatingProcessFolderPath: parent.image.path.toLowerCase(),
    InitiatingProcessParentId: grandparent ? grandparent.pid : 0,
    InitiatingProcessParentFileName: grandparent ? grandparent.image.fileName : '',
    InitiatingProcessParentCreationTime: grandparent ? time(grandparent.created) : '',
    InitiatingProcessSignerType: parent.image.signer,
    InitiatingProcessSignatureStatus: parent.image.signer === 'None' ? 'Unsigned' : 'Valid',
    ReportId: proc.reportId,
  };
  const out: Record<string, string | number> = {};
  for (const key in row) {
    const value = row[key]!;
    if (value === '' || (compact && compactOmittedColumns.has(key))) continue;
    out[key] = value;
  }
  return out;
}

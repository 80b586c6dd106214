import type { Row } from '../schema/types.js';
import { originKeys } from '../schema/normalize/origin.js';

/**
 * Columns of a source row kept for every process event, so that an alert (which holds only the
 * columns its rule projected) can be traced to its records, its chain and its identity.
 */
export const evidenceColumns = [
  'Timestamp', 'DeviceName', 'ProcessId', 'ProcessCreationTime', 'ProcessUniqueId', 'FileName', 'FolderPath',
  'ProcessCommandLine', 'SHA256', 'AccountDomain', 'AccountName', 'ProcessIntegrityLevel', 'ProcessVersionInfoCompanyName',
  'InitiatingProcessId', 'InitiatingProcessUniqueId', 'InitiatingProcessFileName', 'InitiatingProcessFolderPath',
  'InitiatingProcessCommandLine', 'InitiatingProcessAccountName', 'InitiatingProcessParentId', 'InitiatingProcessParentFileName',
] as const;

/** One record of one process event: the kept columns plus where the record came from. */
export interface ProcessEvidence {
  /** Source kind as the normalisers name it: sysmon-1, security-4688, defender, ecs. */
  source: string;
  file: string;
  line?: number;
  recordId?: number;
  /** Columns that lineage inferred from earlier events rather than read from this record. */
  inferred: string[];
  columns: Row;
}

/** Reads the origin and lineage marks from a row's AdditionalFields. */
export function evidenceOf(row: Row): ProcessEvidence {
  const columns: Row = {};
  for (const name of evidenceColumns) columns[name] = row[name] ?? (name === 'ProcessId' || name.endsWith('Id') || name.endsWith('Time') || name === 'Timestamp' ? null : '');
  const extra = row.AdditionalFields;
  const fields = extra !== null && typeof extra === 'object' && !Array.isArray(extra) ? (extra as Record<string, unknown>) : {};
  const inferred = Array.isArray(fields[inferredKey]) ? (fields[inferredKey] as string[]) : [];
  // Defender and ECS rows carry their unique ids in ProcessUniqueId; Sysmon's GUID is there too.
  if (columns.ProcessUniqueId === '' && typeof fields.ProcessGuid === 'string') columns.ProcessUniqueId = fields.ProcessGuid;
  return {
    source: typeof fields[originKeys.source] === 'string' ? (fields[originKeys.source] as string) : 'unknown',
    file: typeof fields[originKeys.file] === 'string' ? (fields[originKeys.file] as string) : '',
    line: typeof fields[originKeys.line] === 'number' ? (fields[originKeys.line] as number) : undefined,
    recordId: typeof fields[originKeys.recordId] === 'number' ? (fields[originKeys.recordId] as number) : undefined,
    inferred,
    columns,
  };
}

/** AdditionalFields key listing the columns lineage filled in from earlier events. */
export const inferredKey = 'LurewatchInferred';
/** AdditionalFields key naming how the parent was found: `ProcessGuid` or `ProcessId+CreationTime`. */
export const inferredFromKey = 'LurewatchInferredFrom';

/** Columns compared to tie an alert back to its process event, when the rule projected them. */
const identifyingColumns = ['FileName', 'FolderPath', 'ProcessCommandLine', 'AccountName', 'InitiatingProcessFileName', 'ProcessId'];

/**
 * Every process event of a scan, indexed by device and time, so alerts can be tied back to the
 * records that produced them. Keeps a small copy of each row, not the row itself.
 * NOTE: the index grows with the input (one small object per process event); a scan of tens of
 * millions of events needs memory for all of them.
 */
export class EvidenceIndex {
  private readonly byKey = new Map<string, ProcessEvidence[]>();

  add(row: Row): void {
    const key = indexKey(row.DeviceName, row.Timestamp);
    if (key === undefined) return;
    const evidence = evidenceOf(row);
    const list = this.byKey.get(key);
    if (list) list.push(evidence);
    else this.byKey.set(key, [evidence]);
  }

  /**
   * Returns the records whose device and Timestamp equal the alert's and which agree with every
   * identifying column the alert carries (file, folder, command line, account, parent, PID).
   */
  find(alertColumns: Row): ProcessEvidence[] {
    const key = indexKey(alertColumns.DeviceName, alertColumns.Timestamp);
    if (key === undefined) return [];
    const candidates = this.byKey.get(key) ?? [];
    return candidates.filter((evidence) =>
      identifyingColumns.every((name) => !(name in alertColumns) || alertColumns[name] === evidence.columns[name]),
    );
  }
}

function indexKey(device: unknown, timestamp: unknown): string | undefined {
  if (typeof device !== 'string' || typeof timestamp !== 'number') return undefined;
  return `${device.toLowerCase()}|${timestamp}`;
}

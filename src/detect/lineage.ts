import type { Row } from '../schema/types.js';
import { baseName } from '../schema/normalize/fields.js';
import { inferredFromKey, inferredKey } from './evidence.js';

/** Process start as lineage records it. */
interface ProcessNode {
  fileName: string;
  folderPath: string;
  commandLine: string;
  parentFileName: string;
  parentId: number | null;
  parentCreated: number | null;
  created: number | null;
  source: string;
}

interface HostProcesses {
  byGuid: Map<string, ProcessNode>;
  /** Starts of each PID in the order they were read. */
  byPid: Map<number, ProcessNode[]>;
}

/**
 * A parent creation time more than this after the child's Timestamp cannot be its parent. Sysmon
 * takes UtcTime from the kernel and 4688 the event time, so the two clocks may disagree slightly.
 */
const clockTolerance = 2000;

/**
 * Fills in process ancestry from earlier events of the same host, before the rules see a row:
 * InitiatingProcessFileName, InitiatingProcessFolderPath and InitiatingProcessCommandLine when the
 * record lacks them (Security 4688 before Windows 10 names only the creator PID), and
 * InitiatingProcessParentFileName, InitiatingProcessParentId and InitiatingProcessParentCreationTime.
 *
 * The parent is found by Sysmon ProcessGuid when the record has a ParentProcessGuid, else by the
 * creator PID plus creation time: the latest start of that PID on that host at or before the
 * child's creation, preferring records of the same source. A PID alone is never used. A parent
 * whose name contradicts the name the record gives is discarded (the PID was reused). Filled
 * columns are listed in AdditionalFields.LurewatchInferred and the method in
 * AdditionalFields.LurewatchInferredFrom; a row whose AdditionalFields is not an object is not
 * filled, so an unmarked inferred value cannot occur.
 * NOTE: without process-exit events, a parent that started before the first record read and whose
 * PID an earlier, ended process also used gets that earlier process's name.
 */
export class LineageTracker {
  private readonly hosts = new Map<string, HostProcesses>();
  /** Rows that got at least one inferred column. */
  inferredRows = 0;

  observe(row: Row): void {
    const device = typeof row.DeviceName === 'string' ? row.DeviceName.toLowerCase() : '';
    let host = this.hosts.get(device);
    if (!host) {
      host = { byGuid: new Map(), byPid: new Map() };
      this.hosts.set(device, host);
    }
    const fields = additionalFields(row);
    const source = typeof fields?.LurewatchSource === 'string' ? fields.LurewatchSource : '';
    const created = numberOrNull(row.ProcessCreationTime) ?? numberOrNull(row.Timestamp);

    const found = fields ? this.findParent(host, row, created, source) : undefined;
    if (found && fields) this.fill(row, fields, found.parent, found.method);

    const node: ProcessNode = {
      fileName: text(row.FileName),
      folderPath: text(row.FolderPath),
      commandLine: text(row.ProcessCommandLine),
      parentFileName: text(row.InitiatingProcessFileName),
      parentId: numberOrNull(row.InitiatingProcessId),
      parentCreated: numberOrNull(row.InitiatingProcessCreationTime),
      created,
      source,
    };
    const guid = text(row.ProcessUniqueId) || text(fields?.ProcessGuid);
    if (guid) host.byGuid.set(guid, node);
    const pid = numberOrNull(row.ProcessId);
    if (pid !== null) {
      const starts = host.byPid.get(pid);
      if (starts) starts.push(node);
      else host.byPid.set(pid, [node]);
    }
  }

  private findParent(host: HostProcesses, row: Row, created: number | null, source: string): { parent: ProcessNode; method: string } | undefined {
    const parentGuid = text(row.InitiatingProcessUniqueId) || text(additionalFields(row)?.ParentProcessGuid);
    if (parentGuid) {
      const parent = host.byGuid.get(parentGuid);
      if (parent && consistent(row, parent)) return { parent, method: 'ProcessGuid' };
    }
    const parentId = numberOrNull(row.InitiatingProcessId);
    if (parentId === null || created === null) return undefined;
    const starts = host.byPid.get(parentId);
    if (!starts) return undefined;
    const knownCreation = numberOrNull(row.InitiatingProcessCreationTime);
    const pick = (sameSource: boolean): ProcessNode | undefined => {
      let best: ProcessNode | undefined;
      for (const start of starts) {
        if (start.created === null) continue;
        if (sameSource && start.source !== source) continue;
        if (start.created > created + clockTolerance) continue;
        if (knownCreation !== null && Math.abs(start.created - knownCreation) > clockTolerance) continue;
        if (!best || start.created >= best.created!) best = start;
      }
      return best;
    };
    const parent = pick(true) ?? pick(false);
    if (!parent || !consistent(row, parent)) return undefined;
    return { parent, method: 'ProcessId+CreationTime' };
  }

  private fill(row: Row, fields: Record<string, unknown>, parent: ProcessNode, method: string): void {
    const inferred: string[] = [];
    const set = (column: string, value: unknown) => {
      if (value === '' || value === null) return;
      row[column] = value;
      inferred.push(column);
    };
    if (text(row.InitiatingProcessFileName) === '') {
      set('InitiatingProcessFileName', parent.fileName || baseName(parent.folderPath));
      if (text(row.InitiatingProcessFolderPath) === '') set('InitiatingProcessFolderPath', parent.folderPath);
      if (text(row.InitiatingProcessCommandLine) === '') set('InitiatingProcessCommandLine', parent.commandLine);
      if (numberOrNull(row.InitiatingProcessCreationTime) === null) set('InitiatingProcessCreationTime', parent.created);
    }
    if (text(row.InitiatingProcessParentFileName) === '') {
      set('InitiatingProcessParentFileName', parent.parentFileName);
      if (numberOrNull(row.InitiatingProcessParentId) === null) set('InitiatingProcessParentId', parent.parentId);
      if (numberOrNull(row.InitiatingProcessParentCreationTime) === null) set('InitiatingProcessParentCreationTime', parent.parentCreated);
    }
    if (inferred.length === 0) return;
    const previous = Array.isArray(fields[inferredKey]) ? (fields[inferredKey] as string[]) : [];
    fields[inferredKey] = [...previous, ...inferred];
    fields[inferredFromKey] = method;
    this.inferredRows++;
  }
}

/** A parent whose file name contradicts the record's own parent name is another process. */
function consistent(row: Row, parent: ProcessNode): boolean {
  const named = text(row.InitiatingProcessFileName);
  return named === '' || parent.fileName === '' || named.toLowerCase() === parent.fileName.toLowerCase();
}

function additionalFields(row: Row): Record<string, unknown> | undefined {
  const value = row.AdditionalFields;
  if (value === null || value === undefined) {
    const created: Record<string, unknown> = {};
    row.AdditionalFields = created;
    return created;
  }
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Where a record came from, so that an alert can name its evidence and duplicates can be found. */
export interface RecordOrigin {
  /** The input file as the user named it (or "-" for standard input). */
  file: string;
  /** 1-based line of the record in a text input, when known. */
  line?: number;
}

/**
 * Keys that lurewatch adds to AdditionalFields on every row: the source kind (`sysmon-1`,
 * `security-4688`, `defender`, `ecs`), the file, and the line or the event record id. They carry
 * the `Lurewatch` prefix so that they never collide with keys Defender itself writes.
 */
export const originKeys = {
  source: 'LurewatchSource',
  file: 'LurewatchFile',
  line: 'LurewatchLine',
  recordId: 'LurewatchRecordId',
} as const;

/** Adds the origin keys for one record to an AdditionalFields object. */
export function addOrigin(
  fields: Record<string, unknown>,
  source: string,
  origin: RecordOrigin,
  recordId: number | null,
): Record<string, unknown> {
  fields[originKeys.source] = source;
  fields[originKeys.file] = origin.file;
  if (origin.line !== undefined) fields[originKeys.line] = origin.line;
  if (recordId !== null) fields[originKeys.recordId] = recordId;
  return fields;
}

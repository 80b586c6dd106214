import { deviceProcessEventsColumns } from '../deviceProcessEvents.js';
import type { ColumnType, Row } from '../types.js';
import { toDatetime } from './datetime.js';
import { toBool, toDynamic, toNumber } from './fields.js';
import { originKeys, type RecordOrigin } from './origin.js';

export const deviceProcessEventsTable = 'DeviceProcessEvents';

const columnType = new Map<string, ColumnType>(deviceProcessEventsColumns);
const columnsOfType = (types: ColumnType[]): string[] =>
  deviceProcessEventsColumns.filter(([, type]) => types.includes(type)).map(([name]) => name);

const datetimeColumns = columnsOfType(['datetime']);
const numberColumns = columnsOfType(['int', 'long', 'real']);
const boolColumns = columnsOfType(['bool']);
const stringColumns = columnsOfType(['string', 'guid', 'timespan']);

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
    // FileName; an export of another table stripped of both would be misread.
    return 'FileName' in raw ? null : 'Defender row without ActionType or FileName';
  }
  return `Defender ActionType ${String(action)} (not DeviceProcessEvents)`;
}

/**
 * Converts a Defender row (portal CSV, API or Graph results, streaming `properties`, Log
 * Analytics or JSON lines) to the row contract IN PLACE and returns it: datetime columns become
 * milliseconds, numeric columns numbers or null, string columns strings (null becomes ""),
 * AdditionalFields parsed JSON, and Log Analytics `_string`/`_long`/... columns are folded into
 * their column. The origin keys are added to AdditionalFields when it is an object or absent.
 * Columns that DeviceProcessEvents does not have are left on the row untouched.
 */
export function normalizeDefenderRow(raw: Record<string, unknown>, origin: RecordOrigin): Row {
  // A complete row has ReportId and AdditionalFields; a row missing either may carry them
  // under Log Analytics suffixes, so only then pay for the scan over its keys.
  if (raw.ReportId === undefined || raw.AdditionalFields === undefined) foldSuffixedColumns(raw);

  for (let i = 0; i < datetimeColumns.length; i++) {
    const name = datetimeColumns[i]!;
    const value = raw[name];
    if (value !== undefined) raw[name] = toDatetime(value);
  }
  for (let i = 0; i < numberColumns.length; i++) {
    const name = numberColumns[i]!;
    const value = raw[name];
    if (value !== undefined && typeof value !== 'number') raw[name] = toNumber(value);
  }
  for (let i = 0; i < stringColumns.length; i++) {
    const name = stringColumns[i]!;
    const value = raw[name];
    if (value !== undefined && typeof value !== 'string') raw[name] = value === null ? '' : stringify(value);
  }
  for (let i = 0; i < boolColumns.length; i++) {
    const name = boolColumns[i]!;
    const value = raw[name];
    if (value !== undefined && typeof value !== 'boolean') raw[name] = toBool(value);
  }

  let additional = raw.AdditionalFields;
  if (typeof additional === 'string') additional = toDynamic(additional);
  if (additional === undefined || additional === null) additional = {};
  if (typeof additional === 'object' && !Array.isArray(additional)) {
    const fields = additional as Record<string, unknown>;
    fields[originKeys.source] = 'defender';
    fields[originKeys.file] = origin.file;
    if (origin.line !== undefined) fields[originKeys.line] = origin.line;
  }
  // NOTE: an AdditionalFields value that is a JSON array or plain text gets no origin keys.
  raw.AdditionalFields = additional;
  return raw;
}

function stringify(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
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

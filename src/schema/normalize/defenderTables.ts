import type { TableRow } from '../../sources/types.js';
import { deviceFileEventsColumns } from '../deviceFileEvents.js';
import { deviceNetworkEventsColumns } from '../deviceNetworkEvents.js';
import { deviceRegistryEventsColumns } from '../deviceRegistryEvents.js';
import type { TableSchema } from '../types.js';
import { toDatetime } from './datetime.js';
import { defenderRowIgnoreReason, deviceProcessEventsTable, normalizeDefenderRow, type DefenderFileLayout } from './defenderRow.js';
import { toBool, toDynamic, toNumber } from './fields.js';
import { originKeys, type RecordOrigin } from './origin.js';

/** Defender tables besides DeviceProcessEvents that lurewatch reads, by name. */
const eventTables: ReadonlyMap<string, TableSchema> = new Map([
  ['DeviceRegistryEvents', deviceRegistryEventsColumns],
  ['DeviceFileEvents', deviceFileEventsColumns],
  ['DeviceNetworkEvents', deviceNetworkEventsColumns],
]);

/**
 * ActionType values that only one of these tables uses, so that a row exported without its
 * table name still finds its table.
 */
function tableOfAction(action: string): string | undefined {
  if (/^Registry(Key|Value)/.test(action)) return 'DeviceRegistryEvents';
  if (/^File(Created|Modified|Renamed|Deleted)$/.test(action)) return 'DeviceFileEvents';
  if (/^(Connection(Success|Failed|Attempt|Found|Request|Acknowledged)|InboundConnectionAccepted|ListeningConnectionCreated|NetworkSignatureInspected|DnsConnectionInspected|HttpConnectionInspected|SslConnectionInspected|SshConnectionInspected|IcmpConnectionInspected)$/.test(action)) {
    return 'DeviceNetworkEvents';
  }
  return undefined;
}

/**
 * Routes one Defender row (portal CSV, API, Graph, streaming or JSON lines) to its table and
 * normalises it, or returns the reason it was ignored. `table` is the table its container named
 * (a streaming record's category); otherwise a `Type` column (Log Analytics) names it, and
 * otherwise the ActionType decides. Rows of DeviceProcessEvents keep their own normaliser.
 */
export function routeDefenderRow(raw: Record<string, unknown>, origin: RecordOrigin, table?: string, layout?: DefenderFileLayout): TableRow | string {
  // Most rows of a process export take this path, which skips the ActionType patterns below.
  if (table === undefined && raw.Type === undefined && raw.ActionType === 'ProcessCreated') {
    return { table: deviceProcessEventsTable, row: normalizeDefenderRow(raw, origin, layout) };
  }
  const named = table ?? (typeof raw.Type === 'string' && raw.Type !== '' ? raw.Type : undefined);
  const target = named ?? (typeof raw.ActionType === 'string' ? tableOfAction(raw.ActionType) : undefined);
  if (target !== undefined && target !== deviceProcessEventsTable) {
    const schema = eventTables.get(target);
    if (schema === undefined) return `Defender ${target} row (not a table lurewatch reads)`;
    return { table: target, row: normalizeBySchema(raw, schema, origin) };
  }
  if (target === undefined) {
    const reason = defenderRowIgnoreReason(raw);
    if (reason !== null) return reason;
  }
  return { table: deviceProcessEventsTable, row: normalizeDefenderRow(raw, origin, layout) };
}

/**
 * Builds a row with every column of `schema`, each value converted to its column type (see
 * normalizeDefenderRow for the conventions) and the origin keys added to AdditionalFields.
 * NOTE: Log Analytics `_string`/`_long` column suffixes are folded for DeviceProcessEvents only.
 */
function normalizeBySchema(raw: Record<string, unknown>, schema: TableSchema, origin: RecordOrigin): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, type] of schema) {
    const value = raw[name];
    switch (type) {
      case 'string':
      case 'guid':
        row[name] = value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
        break;
      case 'datetime':
        row[name] = toDatetime(value);
        break;
      case 'bool':
        row[name] = toBool(value);
        break;
      case 'dynamic':
        row[name] = name === 'AdditionalFields' ? withOrigin(toDynamic(value), origin) : toDynamic(value);
        break;
      default:
        row[name] = toNumber(value);
    }
  }
  return row;
}

function withOrigin(value: unknown, origin: RecordOrigin): unknown {
  const fields = value === null || value === undefined ? {} : value;
  if (typeof fields !== 'object' || Array.isArray(fields)) return fields;
  const record = fields as Record<string, unknown>;
  record[originKeys.source] = 'defender';
  record[originKeys.file] = origin.file;
  if (origin.line !== undefined) record[originKeys.line] = origin.line;
  return record;
}

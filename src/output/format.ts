import { formatDatetime } from '../kql/datetime.js';
import { formatTimespan } from '../kql/timespan.js';
import type { ColumnType } from '../schema/types.js';

/** Converts a value to its JSON output form: datetimes as ISO 8601 text, timespans as d.hh:mm:ss text. */
export function jsonValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'datetime' && typeof value === 'number') return formatDatetime(value);
  if (type === 'timespan' && typeof value === 'number') return formatTimespan(value);
  return value;
}

/**
 * Converts a value to text for tables and CSV: null is empty, dynamic values are compact JSON. `compact`
 * shortens datetimes to whole seconds in UTC (`2026-11-30 10:00:00`) for terminal tables.
 */
export function textValue(value: unknown, type: ColumnType, compact = false): string {
  if (compact && type === 'datetime' && typeof value === 'number') return formatDatetime(value).slice(0, 19).replace('T', ' ');
  const json = jsonValue(value, type);
  if (json === null) return '';
  if (typeof json === 'object') return JSON.stringify(json);
  return String(json);
}

/** Output formats every command that prints rows accepts. */
export const outputFormats = ['table', 'jsonl', 'csv', 'json'] as const;
export type OutputFormat = (typeof outputFormats)[number];

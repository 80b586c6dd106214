import type { ColumnType } from '../schema/types.js';
import { formatDatetime } from './datetime.js';
import { formatTimespan } from './timespan.js';

/** Converts a value of `type` to the string KQL's tostring() gives: null becomes "". */
export function toKqlString(value: unknown, type: ColumnType): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  switch (type) {
    case 'datetime':
      return formatDatetime(value as number);
    case 'timespan':
      return formatTimespan(value as number);
    case 'dynamic':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    default:
      return String(value);
  }
}

/** True for the numeric KQL types, which compare and combine with each other. */
export function isNumeric(type: ColumnType): boolean {
  return type === 'int' || type === 'long' || type === 'real';
}

/**
 * Orders two non-null values of one type for sort, top, min and max: numbers and datetimes
 * numerically, strings by ordinal (code unit) order, false before true.
 */
export function compareNonNull(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return order(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return order(Number(a), Number(b));
  const left = typeof a === 'string' ? a : JSON.stringify(a);
  const right = typeof b === 'string' ? b : JSON.stringify(b);
  return order(left, right);
}

function order<T extends number | string>(left: T, right: T): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

/** Structural equality for dynamic values (arrays and property bags compare by content). */
export function dynamicEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Returns the KQL type of a dynamic JSON value at run time, as gettype() names it. */
export function dynamicTypeOf(value: unknown): ColumnType | 'array' | 'dictionary' | 'null' {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(value) ? 'long' : 'real';
    default:
      return 'dictionary';
  }
}

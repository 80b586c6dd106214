import type { ColumnType } from '../../schema/types.js';
import type { Compiled } from '../compile/context.js';
import type { CallSite, FunctionDefinition } from './definition.js';
import { numeric, sameAsFirst, simpleFunction } from './simple.js';

const msPerDay = 86_400_000;
/**
 * The step back from a period's start to its last instant. KQL uses one 100 ns tick; a double
 * holding today's epoch milliseconds resolves only about 0.24 microseconds, so one microsecond is
 * the smallest step that survives. NOTE: endofday() therefore ends at .9999990, not .9999999.
 */
const lastInstantStep = 0.001;
/** 0001-01-01T00:00:00Z in milliseconds since the Unix epoch: KQL bins datetimes from this origin. */
const datetimeOrigin = -62_135_596_800_000;

const fixedParts: Record<string, number> = {
  week: 7 * msPerDay,
  day: msPerDay,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
  microsecond: 0.001,
  nanosecond: 0.000001,
};

function normalizePart(part: unknown): string {
  const text = String(part).toLowerCase();
  const aliases: Record<string, string> = { years: 'year', quarters: 'quarter', months: 'month', weeks: 'week', days: 'day', hours: 'hour', minutes: 'minute', seconds: 'second', milliseconds: 'millisecond', microseconds: 'microsecond', nanoseconds: 'nanosecond' };
  return aliases[text] ?? text;
}

/** Validates a constant `part` argument at compile time, so a typo fails before any row is read. */
function checkPart(args: Compiled[], site: CallSite, index: number, allowed: string[]): undefined {
  const value = args[index]!.constant?.value;
  if (typeof value === 'string' && !allowed.includes(normalizePart(value))) {
    site.env.ctx.fail(site.call.args[index]!, `invalid datetime part '${value}' for ${site.call.name}(): use ${allowed.join(', ')}`);
  }
  return undefined;
}

const diffParts = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond'];

function monthIndex(ms: number): number {
  const date = new Date(ms);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** Start of the week (Sunday 00:00) of a datetime. */
function weekStart(ms: number): number {
  const day = Math.floor(ms / msPerDay);
  // 1970-01-01 was a Thursday, four days after Sunday.
  const weekday = (((day + 4) % 7) + 7) % 7;
  return (day - weekday) * msPerDay;
}

/** datetime_diff(part, a, b): how many `part` boundaries lie between b and a (positive when a is later). */
function datetimeDiff(part: unknown, a: unknown, b: unknown): number | null {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const name = normalizePart(part);
  switch (name) {
    case 'year':
      return new Date(a).getUTCFullYear() - new Date(b).getUTCFullYear();
    case 'quarter':
      return Math.floor(monthIndex(a) / 3) - Math.floor(monthIndex(b) / 3);
    case 'month':
      return monthIndex(a) - monthIndex(b);
    case 'week':
      return Math.round((weekStart(a) - weekStart(b)) / (7 * msPerDay));
    default: {
      const unit = fixedParts[name];
      if (unit === undefined) return null;
      return Math.floor((a - datetimeOrigin) / unit + 1e-9) - Math.floor((b - datetimeOrigin) / unit + 1e-9);
    }
  }
}

/** Adds whole months the way .NET's AddMonths does: the day is clamped to the target month's length. */
function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  const timeOfDay = ms - Date.UTC(year, date.getUTCMonth(), date.getUTCDate());
  return Date.UTC(targetYear, targetMonth, day) + timeOfDay;
}

function datetimeAdd(part: unknown, amount: unknown, value: unknown): number | null {
  if (typeof amount !== 'number' || typeof value !== 'number') return null;
  const name = normalizePart(part);
  const whole = Math.trunc(amount);
  if (name === 'year') return addMonths(value, whole * 12);
  if (name === 'quarter') return addMonths(value, whole * 3);
  if (name === 'month') return addMonths(value, whole);
  const unit = fixedParts[name];
  return unit === undefined ? null : value + whole * unit;
}

function startOf(unit: 'day' | 'week' | 'month' | 'year', ms: number, offset: number): number {
  const date = new Date(ms);
  switch (unit) {
    case 'day':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + offset);
    case 'week':
      return weekStart(ms) + offset * 7 * msPerDay;
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1);
    case 'year':
      return Date.UTC(date.getUTCFullYear() + offset, 0, 1);
  }
}

function boundaryFunction(name: string, unit: 'day' | 'week' | 'month' | 'year', end: boolean): FunctionDefinition {
  return simpleFunction(name, [['datetime'], numeric], 1, 'datetime', (value, offset) => {
    if (typeof value !== 'number') return null;
    const shift = typeof offset === 'number' ? Math.trunc(offset) : 0;
    return end ? startOf(unit, value, shift + 1) - lastInstantStep : startOf(unit, value, shift);
  });
}

/** bin(value, size): rounds down to a multiple of size; datetimes are binned from 0001-01-01. */
function bin(value: unknown, size: unknown, isDatetime: boolean): number | null {
  if (typeof value !== 'number' || typeof size !== 'number' || size <= 0) return null;
  if (isDatetime) return datetimeOrigin + Math.floor((value - datetimeOrigin) / size) * size;
  return Math.floor(value / size) * size;
}

function binFunction(name: string): FunctionDefinition {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    compile(args, site) {
      const type = args[0]!.type;
      const sizeType = args[1]!.type;
      const ok =
        ((type === 'datetime' || type === 'timespan') && (sizeType === 'timespan' || sizeType === 'dynamic')) ||
        (numeric.includes(type) && (numeric.includes(sizeType) || sizeType === 'dynamic')) ||
        type === 'dynamic';
      if (!ok) site.env.ctx.fail(site.call.args[1]!, `argument 2 of ${name}() must be ${type === 'datetime' || type === 'timespan' ? 'a timespan' : 'a number'} to round a ${type}, found ${sizeType}`);
      const read = args[0]!.eval;
      const readSize = args[1]!.eval;
      const isDatetime = type === 'datetime';
      const integer = type === 'int' || type === 'long';
      return {
        type,
        eval: (f) => {
          const result = bin(read(f), readSize(f), isDatetime);
          return result !== null && integer ? Math.trunc(result) : result;
        },
      };
    },
  };
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * format_datetime(value, format): .NET-style specifiers y, M, d, H, h, m, s, f, F and tt,
 * repeated for width; any other character is copied as is.
 */
function formatDatetimeWith(value: unknown, format: unknown): string {
  if (typeof value !== 'number' || typeof format !== 'string') return '';
  const date = new Date(Math.floor(value));
  const ticks = Math.round((((value - datetimeOrigin) % 1000) + 1000) % 1000 * 10_000) % 10_000_000;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  let out = '';
  for (let i = 0; i < format.length; ) {
    const ch = format[i]!;
    let run = 1;
    while (format[i + run] === ch) run++;
    const hour = date.getUTCHours();
    switch (ch) {
      case 'y':
        out += run <= 2 ? pad(date.getUTCFullYear() % 100, run) : pad(date.getUTCFullYear(), run);
        break;
      case 'M':
        out += run <= 2 ? pad(date.getUTCMonth() + 1, run) : run === 3 ? monthNames[date.getUTCMonth()]!.slice(0, 3) : monthNames[date.getUTCMonth()]!;
        break;
      case 'd':
        out += pad(date.getUTCDate(), Math.min(run, 2));
        break;
      case 'H':
        out += pad(hour, Math.min(run, 2));
        break;
      case 'h':
        out += pad(hour % 12 === 0 ? 12 : hour % 12, Math.min(run, 2));
        break;
      case 'm':
        out += pad(date.getUTCMinutes(), Math.min(run, 2));
        break;
      case 's':
        out += pad(date.getUTCSeconds(), Math.min(run, 2));
        break;
      case 'f':
        out += pad(ticks, 7).slice(0, Math.min(run, 7));
        break;
      case 'F':
        out += pad(ticks, 7).slice(0, Math.min(run, 7)).replace(/0+$/, '');
        break;
      case 't':
        out += (hour < 12 ? 'AM' : 'PM').slice(0, Math.min(run, 2));
        break;
      default:
        out += ch.repeat(run);
    }
    i += run;
  }
  return out;
}

function datePart(name: string, type: ColumnType, get: (date: Date, ms: number) => number): FunctionDefinition {
  return simpleFunction(name, [['datetime']], 1, type, (value) => (typeof value === 'number' ? get(new Date(value), value) : null));
}

function datetimePart(part: unknown, value: unknown): number | null {
  if (typeof value !== 'number') return null;
  const date = new Date(value);
  switch (normalizePart(part)) {
    case 'year':
      return date.getUTCFullYear();
    case 'quarter':
      return Math.floor(date.getUTCMonth() / 3) + 1;
    case 'month':
      return date.getUTCMonth() + 1;
    case 'day':
      return date.getUTCDate();
    case 'dayofyear':
      return dayOfYear(value);
    case 'hour':
      return date.getUTCHours();
    case 'minute':
      return date.getUTCMinutes();
    case 'second':
      return date.getUTCSeconds();
    case 'millisecond':
      return date.getUTCMilliseconds();
    default:
      return null;
  }
}

function dayOfYear(ms: number): number {
  const date = new Date(ms);
  return Math.floor((Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - Date.UTC(date.getUTCFullYear(), 0, 1)) / msPerDay) + 1;
}

/** Datetime functions: differences, arithmetic by calendar part, period boundaries, binning and formatting. */
export const datetimeFunctions: FunctionDefinition[] = [
  simpleFunction('datetime_diff', ['text', ['datetime'], ['datetime']], 3, 'long', datetimeDiff, (args, site) => checkPart(args, site, 0, diffParts)),
  simpleFunction('datetime_add', ['text', numeric, ['datetime']], 3, 'datetime', datetimeAdd, (args, site) => checkPart(args, site, 0, diffParts)),
  simpleFunction('datetime_part', ['text', ['datetime']], 2, 'int', datetimePart),
  boundaryFunction('startofday', 'day', false),
  boundaryFunction('startofweek', 'week', false),
  boundaryFunction('startofmonth', 'month', false),
  boundaryFunction('startofyear', 'year', false),
  boundaryFunction('endofday', 'day', true),
  boundaryFunction('endofweek', 'week', true),
  boundaryFunction('endofmonth', 'month', true),
  boundaryFunction('endofyear', 'year', true),
  binFunction('bin'),
  binFunction('floor'),
  simpleFunction('format_datetime', [['datetime'], 'text'], 2, 'string', formatDatetimeWith),
  simpleFunction('dayofweek', [['datetime']], 1, 'timespan', (value) => (typeof value === 'number' ? ((((Math.floor(value / msPerDay) + 4) % 7) + 7) % 7) * msPerDay : null)),
  datePart('dayofmonth', 'int', (date) => date.getUTCDate()),
  datePart('dayofyear', 'int', (_date, ms) => dayOfYear(ms)),
  datePart('hourofday', 'int', (date) => date.getUTCHours()),
  datePart('monthofyear', 'int', (date) => date.getUTCMonth() + 1),
  datePart('getmonth', 'int', (date) => date.getUTCMonth() + 1),
  datePart('getyear', 'int', (date) => date.getUTCFullYear()),
  simpleFunction('unixtime_seconds_todatetime', [numeric], 1, 'datetime', (value) => (typeof value === 'number' ? value * 1000 : null)),
  simpleFunction('unixtime_milliseconds_todatetime', [numeric], 1, 'datetime', (value) => (typeof value === 'number' ? value : null)),
  simpleFunction('abs', [[...numeric, 'timespan']], 1, sameAsFirst, (value) => (typeof value === 'number' ? Math.abs(value) : null)),
];

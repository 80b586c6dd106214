/**
 * Datetime values are milliseconds since 1970-01-01 UTC. Fractions of a millisecond keep the
 * 100-nanosecond ticks that Defender timestamps carry (7 fractional digits).
 */

/** The fields of a datetime as written, before the calendar check. */
interface DatetimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fractional second digits as written, without the separator. */
  fraction: string;
  /** Offset of the written time from UTC, in minutes (+05:30 is 330). */
  offsetMinutes: number;
}

/** The result of reading a datetime: its value, or why the text is not a valid datetime. */
export type DatetimeParse = { ok: true; value: number } | { ok: false; reason: string };

const monthAbbreviations = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const weekdayNames = new Set([
  'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);

/** Zone names of RFC 822 section 5 plus UTC, as offsets from UTC in minutes. */
const zoneNames: ReadonlyMap<string, number> = new Map([
  ['z', 0], ['ut', 0], ['utc', 0], ['gmt', 0],
  ['est', -300], ['edt', -240], ['cst', -360], ['cdt', -300],
  ['mst', -420], ['mdt', -360], ['pst', -480], ['pdt', -420],
]);

const zonePattern = String.raw`(Z|[A-Za-z]{2,3}|[+-]\d{2}(?::?\d{2})?)`;

// ISO 8601 and Kusto's "sortable" forms: 2026-11-30, 2026-11-30T10:05, 2026-11-30 10:05:06.1234567Z,
// 2026-11-30T10:05:06+05:30, 2014-11-8 15:05 GMT.
const isoPattern = new RegExp(
  String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s*${zonePattern})?$`,
  'i',
);

// RFC 822 (Sat, 8 Nov 14 15:05:02 GMT) and RFC 850 (Saturday, 08-Nov-14 15:05 GMT), with the
// weekday optional and a two- or four-digit year.
const rfcPattern = new RegExp(
  String.raw`^(?:([A-Za-z]+),\s*)?(\d{1,2})([ -])([A-Za-z]{3})\3(\d{2}|\d{4})\s+(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(?:\s+${zonePattern})?$`,
  'i',
);

/**
 * Parses a datetime in the forms that Kusto documents for datetime() literals and todatetime():
 * ISO 8601 (`2026-11-30`, `2026-11-30 10:00`, `2026-11-30T10:00:00.1234567Z`, `...+05:30`), the
 * sortable form with one-digit month or day, RFC 822 (`Sat, 8 Nov 14 15:05:02 GMT`) and RFC 850
 * (`Saturday, 08-Nov-14 15:05:02 GMT`). Text without a zone is UTC. Returns null when the text
 * has another form or names a date or time that does not exist, such as 2026-02-30 or 25:00,
 * so an invalid date never rolls over into the next month or day.
 */
export function parseDatetime(text: string): number | null {
  const result = tryParseDatetime(text);
  return result.ok ? result.value : null;
}

/**
 * Parses a datetime like parseDatetime and, when the text is invalid, returns the reason in words
 * (`day 30 is out of range for February 2026`) for an error message.
 */
export function tryParseDatetime(text: string): DatetimeParse {
  const trimmed = text.trim();
  const fields = matchIso(trimmed) ?? matchRfc(trimmed);
  if (!fields) return { ok: false, reason: 'it is not in a datetime form such as 2026-11-30T10:00:00Z' };
  if (typeof fields === 'string') return { ok: false, reason: fields };
  return checkedValue(fields);
}

/** Returns the fields of an ISO 8601 or sortable datetime, a reason string when its zone is unknown, or null. */
function matchIso(text: string): DatetimeFields | string | null {
  const match = isoPattern.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zoneText] = match;
  const offsetMinutes = zoneOffset(zoneText);
  if (typeof offsetMinutes === 'string') return offsetMinutes;
  return {
    year: Number(year), month: Number(month), day: Number(day),
    hour: Number(hour ?? 0), minute: Number(minute ?? 0), second: Number(second ?? 0),
    fraction: fraction ?? '', offsetMinutes,
  };
}

/** Returns the fields of an RFC 822 or RFC 850 datetime, a reason string when a name is unknown, or null. */
function matchRfc(text: string): DatetimeFields | string | null {
  const match = rfcPattern.exec(text);
  if (!match) return null;
  const [, weekday, day, , monthText, yearText, hour, minute, second, fraction, zoneText] = match;
  // The weekday is checked as a name only: the date alone decides the value.
  if (weekday !== undefined && !weekdayNames.has(weekday.toLowerCase())) return `'${weekday}' is not a weekday name`;
  const month = monthAbbreviations.indexOf(monthText!.toLowerCase()) + 1;
  if (month === 0) return `'${monthText}' is not a month abbreviation (Jan to Dec)`;
  const offsetMinutes = zoneOffset(zoneText);
  if (typeof offsetMinutes === 'string') return offsetMinutes;
  let year = Number(yearText);
  // NOTE: Kusto's documentation does not say how it reads a two-digit year; this takes 00-49 as
  // 2000-2049 and 50-99 as 1900-1999.
  if (yearText!.length === 2) year += year < 50 ? 2000 : 1900;
  return {
    year, month, day: Number(day),
    hour: Number(hour), minute: Number(minute), second: Number(second ?? 0),
    fraction: fraction ?? '', offsetMinutes,
  };
}

/** Returns a zone's offset from UTC in minutes (0 without a zone), or the reason it is invalid. */
function zoneOffset(zoneText: string | undefined): number | string {
  if (zoneText === undefined) return 0;
  const named = zoneNames.get(zoneText.toLowerCase());
  if (named !== undefined) return named;
  const offset = /^([+-])(\d{2}):?(\d{2})?$/.exec(zoneText);
  if (!offset) return `unknown time zone '${zoneText}': write Z, GMT or an offset such as +05:30`;
  const hours = Number(offset[2]);
  const minutes = Number(offset[3] ?? 0);
  // UTC offsets in use run from -12:00 to +14:00.
  if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) return `time zone offset '${zoneText}' is out of range (at most 14:00)`;
  return (offset[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Kusto's datetime range: 0001-01-01T00:00:00 to 9999-12-31T23:59:59.9999999 UTC. */
const minimumValue = -62_135_596_800_000;
const maximumValue = 253_402_300_800_000 - 0.0001;

/** Checks every field against the Gregorian calendar and the clock, then returns the UTC value. */
function checkedValue(fields: DatetimeFields): DatetimeParse {
  const { year, month, day, hour, minute, second } = fields;
  if (year < 1) return { ok: false, reason: 'year 0 is out of range (years run from 1 to 9999)' };
  if (month < 1 || month > 12) return { ok: false, reason: `month ${month} is out of range (1 to 12)` };
  const lastDay = daysInMonth(year, month);
  if (day < 1 || day > lastDay) {
    return { ok: false, reason: `day ${day} is out of range for ${monthNames[month - 1]} ${year} (1 to ${lastDay})` };
  }
  // NOTE: ISO 8601 allows 24:00:00 for the end of a day, but Kusto documents hours 00 to 23 only,
  // so 24:00 is rejected rather than read as the next midnight.
  if (hour > 23) return { ok: false, reason: `hour ${hour} is out of range (00 to 23)` };
  if (minute > 59) return { ok: false, reason: `minute ${minute} is out of range (00 to 59)` };
  // Kusto's datetime counts no leap seconds, so second 60 (as in 23:59:60) has no value.
  if (second > 59) return { ok: false, reason: `second ${second} is out of range (00 to 59)` };

  // setUTCFullYear, unlike Date.UTC, does not move years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  let value = date.getTime();
  if (fields.fraction) value += Number(`0.${fields.fraction.slice(0, 7)}`) * 1000;
  value -= fields.offsetMinutes * 60_000;
  if (value < minimumValue || value > maximumValue) {
    return { ok: false, reason: 'it is outside the datetime range 0001-01-01 to 9999-12-31 UTC' };
  }
  return { ok: true, value };
}

/**
 * Formats a datetime as ISO 8601 UTC with 7 fractional digits, as Defender exports do.
 * NOTE: a JS number represents today's epoch milliseconds to about a quarter of a microsecond, so
 * values are rounded to the microsecond and the seventh digit (100 ns ticks) prints as 0.
 */
export function formatDatetime(ms: number): string {
  let seconds = Math.floor(ms / 1000);
  let micros = Math.round((ms - seconds * 1000) * 1000);
  if (micros >= 1_000_000) {
    seconds++;
    micros -= 1_000_000;
  }
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${base}.${String(micros).padStart(6, '0')}0Z`;
}

/**
 * Parses an ISO 8601 date and time into milliseconds since 1970-01-01 UTC, keeping the digits
 * below one millisecond as a fraction (Defender writes 7 fractional digits, 100 ns ticks, which
 * `Date.parse` truncates to whole milliseconds). Accepts a `T` or a space between date and time,
 * and `Z`, ` UTC`, `+HH:MM`, `-HH:MM` or no zone; no zone means UTC, because every source read here
 * writes UTC without a suffix (Sysmon `UtcTime`) or with `Z`. Other forms go to `Date.parse`.
 * Returns null for an empty or unreadable value, and for an ISO date or time that does not exist.
 */
export function parseDatetime(text: string): number | null {
  const n = text.length;
  if (n === 0) return null;
  if (n >= 19 && isDigits(text, 0, 4) && text.charCodeAt(4) === 45 /* - */ && text.charCodeAt(7) === 45
    && (text.charCodeAt(10) === 84 /* T */ || text.charCodeAt(10) === 32 /* space */)
    && text.charCodeAt(13) === 58 /* : */ && text.charCodeAt(16) === 58) {
    const year = digits(text, 0, 4);
    const month = digits(text, 5, 7);
    const day = digits(text, 8, 10);
    const hour = digits(text, 11, 13);
    const minute = digits(text, 14, 16);
    const second = digits(text, 17, 19);
    if (Number.isNaN(year + month + day + hour + minute + second)) return fallback(text);
    // A date that does not exist (February 30, hour 25) is invalid, not rolled over into the next.
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
    let i = 19;
    let fractionMs = 0;
    if (i < n && (text.charCodeAt(i) === 46 /* . */ || text.charCodeAt(i) === 44 /* , */)) {
      i++;
      let scale = 100;
      const start = i;
      while (i < n) {
        const c = text.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        fractionMs += c * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return fallback(text);
    }
    let offsetMinutes = 0;
    if (i < n) {
      const c = text.charCodeAt(i);
      if (c === 90 /* Z */ || c === 122 /* z */) {
        i++;
      } else if (n - i === 4 && text.endsWith(' UTC')) {
        // Older evtx_dump releases wrote SystemTime as "2018-07-28 07:24:45.754787 UTC".
        i = n;
      } else if ((c === 43 /* + */ || c === 45 /* - */) && i + 6 === n && text.charCodeAt(i + 3) === 58) {
        const hours = digits(text, i + 1, i + 3);
        const minutes = digits(text, i + 4, i + 6);
        if (Number.isNaN(hours + minutes)) return fallback(text);
        offsetMinutes = (c === 43 ? 1 : -1) * (hours * 60 + minutes);
        i = n;
      }
      if (i !== n) return fallback(text);
    }
    const base = daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000;
    // Round away binary noise from the fraction sum (e.g. 201.22609999) to 100 ns ticks.
    return base + Math.round(fractionMs * 10_000) / 10_000 - offsetMinutes * 60_000;
  }
  return fallback(text);
}

/** Converts a column value (string, number of milliseconds, or null) to a datetime. */
export function toDatetime(value: unknown): number | null {
  if (typeof value === 'string') return parseDatetime(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return null;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date, by integer arithmetic on 400-year eras
 * (Howard Hinnant's days_from_civil). It is several times faster than Date.UTC on the scan path.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

function fallback(text: string): number | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

function isDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Returns the decimal value of text[from..to), or NaN when a character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    value = value * 10 + c;
  }
  return value;
}

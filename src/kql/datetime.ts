/**
 * Datetime values are milliseconds since 1970-01-01 UTC. Fractions of a millisecond keep the
 * 100-nanosecond ticks that Defender timestamps carry (7 fractional digits).
 */

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses ISO 8601 and the forms KQL's datetime() accepts (`2026-11-30`, `2026-11-30 10:00`,
 * `2026-11-30T10:00:00.1234567Z`). Text without a zone is UTC. Returns null when invalid.
 */
export function parseDatetime(text: string): number | null {
  const match = isoPattern.exec(text.trim());
  if (!match) {
    const fallback = Date.parse(text);
    return Number.isNaN(fallback) ? null : fallback;
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  let ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0));
  if (Number.isNaN(ms)) return null;
  if (fraction) ms += Number(`0.${fraction.slice(0, 7)}`) * 1000;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
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

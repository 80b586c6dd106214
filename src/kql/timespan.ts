/** Milliseconds per KQL timespan unit, for literals like `7d`, `30m`, `100ms` and `10tick`. */
export const timespanUnits: ReadonlyMap<string, number> = new Map([
  ['d', 86_400_000], ['day', 86_400_000], ['days', 86_400_000],
  ['h', 3_600_000], ['hr', 3_600_000], ['hrs', 3_600_000], ['hour', 3_600_000], ['hours', 3_600_000],
  ['m', 60_000], ['min', 60_000], ['minute', 60_000], ['minutes', 60_000],
  ['s', 1000], ['sec', 1000], ['second', 1000], ['seconds', 1000],
  ['ms', 1], ['milli', 1], ['millis', 1], ['millisecond', 1], ['milliseconds', 1],
  ['microsecond', 0.001], ['microseconds', 0.001],
  ['tick', 0.0001], ['ticks', 0.0001],
]);

/** Formats a timespan (milliseconds) as KQL prints it: `[-][d.]hh:mm:ss[.fffffff]`. */
export function formatTimespan(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let ticks = Math.round(Math.abs(ms) * 10_000);
  const days = Math.floor(ticks / 864_000_000_000);
  ticks -= days * 864_000_000_000;
  const hours = Math.floor(ticks / 36_000_000_000);
  ticks -= hours * 36_000_000_000;
  const minutes = Math.floor(ticks / 600_000_000);
  ticks -= minutes * 600_000_000;
  const seconds = Math.floor(ticks / 10_000_000);
  ticks -= seconds * 10_000_000;
  const two = (n: number) => String(n).padStart(2, '0');
  const fraction = ticks ? `.${String(ticks).padStart(7, '0')}` : '';
  return `${sign}${days ? `${days}.` : ''}${two(hours)}:${two(minutes)}:${two(seconds)}${fraction}`;
}

/** Parses `[-][d.]hh:mm[:ss[.fffffff]]` or a unit literal such as `2h`; returns milliseconds or null. */
export function parseTimespan(text: string): number | null {
  const trimmed = text.trim();
  const unit = /^(-?\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(trimmed);
  if (unit) {
    const scale = timespanUnits.get(unit[2]!.toLowerCase());
    return scale === undefined ? null : Number(unit[1]) * scale;
  }
  const clock = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/.exec(trimmed);
  if (!clock) return null;
  const [, minus, days, hours, minutes, seconds, fraction] = clock;
  const total =
    Number(days ?? 0) * 86_400_000 +
    Number(hours) * 3_600_000 +
    Number(minutes) * 60_000 +
    Number(seconds ?? 0) * 1000 +
    (fraction ? Number(`0.${fraction}`) * 1000 : 0);
  return minus ? -total : total;
}

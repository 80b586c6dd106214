/** FILETIME ticks (100 ns) between 1601-01-01 and 1970-01-01. */
const epochDifferenceSeconds = 11644473600n;

/**
 * FILETIME: u64 count of 100 ns intervals since 1601-01-01 UTC. Rendered as Windows does in event
 * XML, with seven fractional digits: "2019-03-12T19:36:52.6041935Z".
 */
export function formatFiletime(low: number, high: number): string {
  const ticks = (BigInt(high) << 32n) | BigInt(low);
  const seconds = ticks / 10_000_000n - epochDifferenceSeconds;
  const fraction = Number(ticks % 10_000_000n);
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return `FILETIME(0x${ticks.toString(16)})`;
  const iso = date.toISOString();
  // toISOString gives "YYYY-MM-DDTHH:MM:SS.000Z"; swap in the full 100 ns fraction.
  return iso.slice(0, iso.length - 5) + '.' + String(fraction).padStart(7, '0') + 'Z';
}

/**
 * Converts FILETIME to milliseconds since the Unix epoch, keeping the ticks below a millisecond
 * as a fraction (to about 0.24 µs, the resolution of a double here). The whole milliseconds are exact for every u64: the tick count exceeds 2^53, so it
 * is split as high × 2^32 = high × 429496 × 10^4 + high × 7296. The fraction is added to the
 * whole second as the text parser adds the seven fractional digits of formatFiletime, so an event
 * read from EVTX and from its event XML gets the same number.
 */
export function filetimeToUnixMs(low: number, high: number): number {
  const split = high * 7296 + low;
  const wholeMs = high * 429496 + Math.floor(split / 10000) - 11644473600000;
  const ticks = split % 10000;
  const msInSecond = ((wholeMs % 1000) + 1000) % 1000;
  return wholeMs - msInSecond + Math.round(msInSecond * 10000 + ticks) / 10000;
}

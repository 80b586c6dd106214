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
 * Converts FILETIME to milliseconds since the Unix epoch, rounding down as Date.parse does with
 * the seven fractional digits of formatFiletime. Exact for every u64: the tick count exceeds
 * 2^53, so it is split as high × 2^32 = high × 429496 × 10^4 + high × 7296.
 */
export function filetimeToUnixMs(low: number, high: number): number {
  return high * 429496 + Math.floor((high * 7296 + low) / 10000) - 11644473600000;
}

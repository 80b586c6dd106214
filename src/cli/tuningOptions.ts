import { InvalidArgumentError } from 'commander';
import { parseTimespan } from '../kql/timespan.js';

/** Parses a window such as 1h, 30m or 1d (KQL timespan syntax) into milliseconds; must be positive. */
export function parseDurationOption(value: string): number {
  const parsed = parseTimespan(value);
  if (parsed === null || parsed <= 0) throw new InvalidArgumentError(`invalid window '${value}': write a positive timespan such as 1h, 30m or 1d`);
  return parsed;
}

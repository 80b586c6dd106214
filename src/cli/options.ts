import { InvalidArgumentError } from 'commander';
import { tryParseDatetime } from '../kql/datetime.js';
import { outputFormats, type OutputFormat } from '../output/format.js';

/** Parses --now: ISO 8601 or any form KQL's datetime() takes; a date without zone is UTC. */
export function parseNowOption(value: string): number {
  const parsed = tryParseDatetime(value);
  if (!parsed.ok) {
    const example = parsed.reason.includes('such as') ? '' : '; write it like 2026-11-30T19:00:00Z';
    throw new InvalidArgumentError(`invalid datetime '${value}': ${parsed.reason}${example}`);
  }
  return parsed.value;
}

export function parseFormatOption(value: string): OutputFormat {
  if (!(outputFormats as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`invalid format '${value}': use one of ${outputFormats.join(', ')}`);
  }
  return value as OutputFormat;
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Most threads --threads takes; each one past the cores only adds start-up time and memory. */
const maxThreads = 64;

/** Parses --threads: a whole number of parsing threads from 1 (the main thread alone) to 64. */
export function parseThreadsOption(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || count > maxThreads) {
    throw new InvalidArgumentError(`invalid thread count '${value}': give a whole number from 1 (the main thread alone) to ${maxThreads}`);
  }
  return count;
}

import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDay, sampleDayEpochMs, sampleSeed } from './day.js';
import type { PlantedRow } from './day.js';

/** File names of the bundled sample, inside the samples folder. */
export const sampleFileName = 'office-day.jsonl';
export const plantedFileName = 'planted.json';

/** Returns the sample day's rows as JSON lines and its planted rows. Same output on every call. */
/** Activity level of the bundled sample: about 26,000 process starts over the working day. */
const sampleIntensity = 1.45;

export function generateSample(): { jsonl: string; planted: PlantedRow[] } {
  const day = generateDay({ dayEpochMs: sampleDayEpochMs, seed: sampleSeed, compact: true, intensity: sampleIntensity });
  const lines: string[] = [];
  for (const row of day.rows()) lines.push(JSON.stringify(row));
  return { jsonl: `${lines.join('\n')}\n`, planted: day.planted };
}

/**
 * Contents of planted.json. The rows sit under a key, not in a top-level array, so that a scan
 * of the samples folder reports this file as a record of unknown shape instead of reading the
 * planted rows a second time as Defender rows.
 */
export interface PlantedFile {
  sample: string;
  description: string;
  planted: PlantedRow[];
}

/** Writes office-day.jsonl and planted.json into `directory` (created if missing). */
export function writeSample(directory: string): void {
  const { jsonl, planted } = generateSample();
  const plantedFile: PlantedFile = {
    sample: sampleFileName,
    description:
      'Rows of the sample that stand for something: attacks, benign alerts of the reference T1204 rule, and near misses. ' +
      'Match a row by DeviceName and ReportId. alerts/category give what the reference rule does with the row.',
    planted,
  };
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, sampleFileName), jsonl);
  writeFileSync(join(directory, plantedFileName), `${JSON.stringify(plantedFile, null, 2)}\n`);
}

const benchAttackRate = 0.15;

/**
 * Writes `count` Defender DeviceProcessEvents rows as JSON lines to `path`, for the benchmark.
 * Rows are consecutive simulated days of the sample's office network, starting 2026-11-02, one
 * day in memory at a time. Each day repeats the benign planted rows (IT remote tools, the finance
 * macro, native-messaging hosts) and runs each attack scenario with probability 0.15, so alerts
 * stay near one in a thousand rows. The output depends only on `count`.
 */
export async function writeBenchRows(path: string, count: number): Promise<void> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`row count must be a non-negative integer, got ${count}`);
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const firstDayMs = Date.UTC(2026, 10, 2);
  let written = 0;
  try {
    for (let dayIndex = 0; written < count; dayIndex++) {
      const day = generateDay({
        dayEpochMs: firstDayMs + dayIndex * 86_400_000,
        seed: sampleSeed + 7919 * (dayIndex + 1),
        includeScenario: (_id, nature, rng) => nature === 'benign' || rng.chance(benchAttackRate),
      });
      let chunk = '';
      for (const row of day.rows()) {
        if (written === count) break;
        chunk += `${JSON.stringify(row)}\n`;
        written++;
        if (chunk.length > 1 << 20) {
          if (!out.write(chunk)) await once(out, 'drain');
          chunk = '';
        }
      }
      if (chunk && !out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

function isMain(): boolean {
  const script = process.argv[1];
  return script !== undefined && resolve(script) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  // dist/samples/generate.js -> the project's samples/ folder.
  const target = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');
  writeSample(target);
  process.stderr.write(`wrote ${join(target, sampleFileName)} and ${join(target, plantedFileName)}\n`);
}

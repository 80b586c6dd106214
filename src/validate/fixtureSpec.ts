import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';

/** A process start as a fixture describes it; renders to Sysmon event 1 and a Defender ProcessCreated row. */
export interface ProcessEventSpec {
  kind: 'process';
  time: string;
  device: string;
  user: string;
  image: string;
  commandLine: string;
  parentImage: string;
  parentCommandLine: string;
  originalFileName: string;
  product: string;
  company: string;
}

/** A registry value write (Sysmon event 13, Defender RegistryValueSet). `key` uses Sysmon's short hive names. */
export interface RegistryEventSpec {
  kind: 'registry';
  time: string;
  device: string;
  user: string;
  image: string;
  commandLine: string;
  key: string;
  value: string;
  /** Text data, or a number for a DWORD. */
  data: string | number;
}

/** A file written (Sysmon 11, or 15 with the mark of the web when originUrl is set; Defender FileCreated). */
export interface FileEventSpec {
  kind: 'file';
  time: string;
  device: string;
  user: string;
  image: string;
  path: string;
  originUrl: string;
  referrerUrl: string;
}

export type EventSpec = ProcessEventSpec | RegistryEventSpec | FileEventSpec;

/** One alert a fixture expects: the rule and the DetectionCategory it returns. */
export interface ExpectedAlert {
  rule: string;
  category: string;
}

/** A fixture: the telemetry of one test or scenario, and the alerts the pack must raise on it. */
export interface FixtureSpec {
  id: string;
  title: string;
  /** `attack` fixtures must raise exactly `expect`; `near-miss` fixtures must raise nothing. */
  kind: 'attack' | 'near-miss';
  /** The Atomic Red Team test, reference behaviour or field case the fixture stands for. */
  standsFor: string;
  /** ATT&CK sub-technique the fixture exercises. */
  technique: string;
  /** For near misses: the rules this fixture is built to come close to. */
  nearMissFor: string[];
  expect: ExpectedAlert[];
  /**
   * Alerts a near miss is known to raise from a rule that is not the one it tests, each with the
   * reason; they are reported, not counted as misses. The reference rule's false positives go here.
   */
  knownFalsePositives: Array<ExpectedAlert & { reason: string }>;
  events: EventSpec[];
  /** The fixture.yaml file. */
  path: string;
}

/** A fixture file that cannot be used: names the file, the line when known, and the fix. */
export class FixtureError extends Error {
  constructor(file: string, detail: string, line?: number) {
    super(`${file}${line ? `:${line}` : ''}: ${detail}`);
    this.name = 'FixtureError';
  }
}

/** Reads and checks one fixture.yaml; throws FixtureError naming the file and line of a bad value. */
export function readFixtureSpec(path: string): FixtureSpec {
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(path, 'utf8'), { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    throw new FixtureError(path, `invalid YAML: ${error.message.split('\n')[0]}`, lineCounter.linePos(error.pos[0]).line);
  }
  if (!isMap(document.contents)) throw new FixtureError(path, 'a fixture must be a YAML mapping with id, kind, stands_for, technique, expect and events');
  const raw = document.toJSON() as Record<string, unknown>;
  const text = (key: string, from: Record<string, unknown> = raw, where = ''): string => {
    const value = from[key];
    if (typeof value !== 'string' && typeof value !== 'number') throw new FixtureError(path, `missing '${where}${key}': give a string`);
    return String(value);
  };
  const optional = (key: string, from: Record<string, unknown>): string => (from[key] === undefined || from[key] === null ? '' : String(from[key]));
  const kind = text('kind');
  if (kind !== 'attack' && kind !== 'near-miss') throw new FixtureError(path, `invalid kind '${kind}': use attack or near-miss`);
  const expect = ((raw.expect as unknown[] | undefined) ?? []).map((item, index) => {
    const entry = item as Record<string, unknown>;
    return { rule: text('rule', entry, `expect[${index}].`), category: optional('category', entry) };
  });
  const knownFalsePositives = ((raw.known_false_positives as unknown[] | undefined) ?? []).map((item, index) => {
    const entry = item as Record<string, unknown>;
    const where = `known_false_positives[${index}].`;
    const ruleId = text('rule', entry, where);
    if (((raw.near_miss_for as unknown[] | undefined) ?? []).map(String).includes(ruleId)) {
      throw new FixtureError(path, `${where}rule ${ruleId} is one this near miss tests; it must stay silent`);
    }
    return { rule: ruleId, category: optional('category', entry), reason: text('reason', entry, where) };
  });
  if (kind === 'near-miss' && expect.length > 0) throw new FixtureError(path, "a near-miss fixture expects no alert: remove 'expect'");
  if (kind === 'attack' && expect.length === 0) throw new FixtureError(path, "an attack fixture needs at least one 'expect' entry");
  const events = ((raw.events as unknown[] | undefined) ?? []).map((item, index): EventSpec => {
    const entry = item as Record<string, unknown>;
    const where = `events[${index}].`;
    const base = { time: text('time', entry, where), device: text('device', entry, where), user: optional('user', entry), image: text('image', entry, where) };
    switch (entry.kind) {
      case 'process':
        return {
          kind: 'process', ...base, commandLine: text('command_line', entry, where), parentImage: text('parent_image', entry, where),
          parentCommandLine: optional('parent_command_line', entry), originalFileName: optional('original_file_name', entry),
          product: optional('product', entry), company: optional('company', entry),
        };
      case 'registry':
        return {
          kind: 'registry', ...base, commandLine: optional('command_line', entry), key: text('key', entry, where), value: text('value', entry, where),
          data: typeof entry.data === 'number' ? entry.data : text('data', entry, where),
        };
      case 'file':
        return { kind: 'file', ...base, path: text('path', entry, where), originUrl: optional('origin_url', entry), referrerUrl: optional('referrer_url', entry) };
      default:
        throw new FixtureError(path, `${where}kind must be process, registry or file`);
    }
  });
  if (events.length === 0) throw new FixtureError(path, "no 'events': a fixture needs at least one event");
  return {
    id: text('id'), title: text('title'), kind, standsFor: text('stands_for'), technique: text('technique'),
    nearMissFor: ((raw.near_miss_for as unknown[] | undefined) ?? []).map(String), expect, knownFalsePositives, events, path,
  };
}

import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { didYouMean } from '../kql/suggest.js';
import { compileCondition, ConditionError, listOperators, scalarOperators, type Condition, type ConditionOperator, type ValueTest } from './conditions.js';

/** An entry of an exceptions file: which alerts of which rule it suppresses, and why. */
export interface AlertException {
  id: string;
  rule: string;
  /** DetectionCategory the entry is limited to, or undefined for every category of the rule. */
  category?: string;
  reason: string;
  owner?: string;
  /** Last day (UTC, YYYY-MM-DD) on which the entry suppresses; undefined for no expiry. */
  expires?: string;
  conditions: Condition[];
  /** Compiled conditions, in the order of `conditions`. */
  tests: ValueTest[];
  /** Where the entry starts in its file, for messages. */
  source: { file: string; line: number };
}

/** An exceptions file that cannot be used, with the file, line and column, and the fix. */
export class ExceptionsError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line ? `:${line}:${column ?? 1}` : ''}: ${detail}`);
    this.name = 'ExceptionsError';
  }
}

const topLevelKeys = new Set(['exceptions']);
const entryKeys = new Set(['id', 'rule', 'category', 'reason', 'owner', 'expires', 'match']);
const allOperators = new Set<string>([...scalarOperators, ...listOperators]);
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** Reads and validates an exceptions file; see parseExceptions. */
export function loadExceptions(file: string): AlertException[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ExceptionsError(file, `cannot read the exceptions file: ${(error as Error).message}`);
  }
  return parseExceptions(text, file);
}

/**
 * Parses exceptions YAML: a mapping with an `exceptions` list. Each entry needs an `id`, a `rule`,
 * a non-empty `reason` and a `match` mapping of column to condition; `category`, `owner` and
 * `expires` (YYYY-MM-DD) are optional. A condition is a value (meaning `=~`) or a mapping of KQL
 * operator to value, e.g. `{ in~: [a.exe, b.exe] }`. Every problem throws ExceptionsError with
 * the line and column of the offending YAML node.
 */
export function parseExceptions(text: string, file: string): AlertException[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const position = lineCounter.linePos(error.pos[0]);
    throw new ExceptionsError(file, `invalid YAML: ${error.message.split('\n')[0]}`, position.line, position.col);
  }
  const fail = (node: Node | null | undefined, message: string): never => {
    const position = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
    throw new ExceptionsError(file, message, position?.line, position?.col);
  };
  const root = document.contents;
  if (root === null || root === undefined) return [];
  if (!isMap(root)) return fail(root, "an exceptions file must be a YAML mapping with an 'exceptions:' list");
  // A misspelt 'exceptions:' would otherwise load as an empty file and suppress nothing, unnoticed.
  for (const pair of root.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!topLevelKeys.has(key)) fail(pair.key as Node, `unknown top-level key '${key}'${didYouMean(key, topLevelKeys)}: the only top-level key of an exceptions file is 'exceptions'`);
  }
  const list = root.get('exceptions', true) as Node | undefined;
  if (list === undefined || list === null) return [];
  if (!isSeq(list)) return fail(list, "'exceptions' must be a list of entries, each starting with '- id:'");

  const seen = new Map<string, number>();
  return list.items.map((item) => {
    const entry = readEntry(item as Node, fail, lineCounter, file);
    const previous = seen.get(entry.id);
    if (previous !== undefined) fail(item as Node, `duplicate exception id '${entry.id}', already used on line ${previous}: give each entry its own id`);
    seen.set(entry.id, entry.source.line);
    return entry;
  });
}

type Fail = (node: Node | null | undefined, message: string) => never;

function readEntry(node: Node, fail: Fail, lineCounter: LineCounter, file: string): AlertException {
  if (!isMap(node)) return fail(node, "each exception must be a mapping with id, rule, reason and match");
  const map = node as YAMLMap;
  for (const pair of map.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!entryKeys.has(key)) fail(pair.key as Node, `unknown key '${key}' in an exception${didYouMean(key, entryKeys)}: use id, rule, category, reason, owner, expires and match`);
  }
  const text = (key: string, required: boolean): string | undefined => {
    const value = map.get(key, true) as Node | undefined;
    if (value === undefined || value === null) {
      if (required) fail(map, `missing '${key}': every exception needs id, rule, reason and match`);
      return undefined;
    }
    if (!isScalar(value) || (typeof value.value !== 'string' && typeof value.value !== 'number') || String(value.value).trim() === '') {
      return fail(value, `'${key}' must be a non-empty string`);
    }
    return String(value.value).trim();
  };

  const id = text('id', true)!;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) fail(map.get('id', true) as Node, `invalid exception id '${id}': use letters, digits, '.', '_' and '-'`);
  const expires = text('expires', false);
  if (expires !== undefined) {
    const node = map.get('expires', true) as Node;
    // Date.parse rolls an impossible day such as 2027-02-30 into March, so the date must round-trip.
    const parsed = Date.parse(`${expires}T00:00:00Z`);
    if (!datePattern.test(expires) || Number.isNaN(parsed) || new Date(parsed).toISOString().slice(0, 10) !== expires) {
      fail(node, `invalid expires '${expires}': write the last day it applies as YYYY-MM-DD, a date that exists`);
    }
  }

  const match = map.get('match', true) as Node | undefined;
  if (!isMap(match)) return fail(match ?? map, `exception '${id}' needs a 'match' mapping of column to condition, e.g. 'FileName: { in~: [AnyDesk.exe] }'`);
  const conditions: Condition[] = [];
  const tests: ValueTest[] = [];
  for (const pair of (match as YAMLMap).items as Pair[]) {
    const column = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) fail(pair.key as Node, `invalid column name '${column}' in exception '${id}'`);
    for (const { operator, value, node } of readConditions(pair.value as Node, column, id, fail)) {
      const keyPosition = (pair.key as Node).range ? lineCounter.linePos((pair.key as Node).range![0]) : undefined;
      const condition: Condition = { column, operator, value, position: keyPosition && { line: keyPosition.line, column: keyPosition.col } };
      try {
        tests.push(compileCondition(condition));
      } catch (error) {
        if (error instanceof ConditionError) fail(node, `exception '${id}', column ${column}: ${error.message}`);
        throw error;
      }
      conditions.push(condition);
    }
  }
  if (conditions.length === 0) fail(match, `exception '${id}' has an empty 'match': give at least one condition, or it would suppress every alert of the rule`);

  const position = node.range ? lineCounter.linePos(node.range[0]) : { line: 0 };
  return {
    id,
    rule: text('rule', true)!,
    category: text('category', false),
    reason: text('reason', true)!,
    owner: text('owner', false),
    expires,
    conditions,
    tests,
    source: { file, line: position.line },
  };
}

function readConditions(node: Node, column: string, id: string, fail: Fail): Array<{ operator: ConditionOperator; value: string | string[]; node: Node }> {
  if (isScalar(node)) return [{ operator: '=~', value: scalarText(node, column, id, fail), node }];
  if (!isMap(node)) return fail(node, `condition on ${column} in exception '${id}' must be a value or a mapping such as '{ =~: explorer.exe }'`);
  const result: Array<{ operator: ConditionOperator; value: string | string[]; node: Node }> = [];
  for (const pair of (node as YAMLMap).items as Pair[]) {
    const operator = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!allOperators.has(operator)) fail(pair.key as Node, `unknown operator '${operator}' on ${column} in exception '${id}': use one of ${[...allOperators].join(', ')}`);
    const valueNode = pair.value as Node;
    let value: string | string[];
    if (isSeq(valueNode)) {
      value = valueNode.items.map((item) => scalarText(item as Node, column, id, fail));
    } else if (isScalar(valueNode)) {
      value = scalarText(valueNode, column, id, fail);
    } else {
      return fail(valueNode ?? node, `operator '${operator}' on ${column} in exception '${id}' needs a value`);
    }
    result.push({ operator: operator as ConditionOperator, value, node: valueNode });
  }
  return result;
}

function scalarText(node: Node, column: string, id: string, fail: Fail): string {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return fail(node, `a value on ${column} in exception '${id}' must be text or a number`);
  return String(node.value);
}

/** True when `exception` no longer applies at `now` (milliseconds): after the end of its expires day, UTC. */
export function isExpired(exception: AlertException, now: number): boolean {
  if (exception.expires === undefined) return false;
  return now >= Date.parse(`${exception.expires}T00:00:00Z`) + 24 * 3600 * 1000;
}

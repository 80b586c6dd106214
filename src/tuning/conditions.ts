import { fixedStringTest } from '../kql/compile/stringOps.js';
import { hasTerm, prepareTerm } from '../kql/terms.js';

/** Operators an exception condition may use, as KQL spells them. */
export const scalarOperators = [
  '==', '!=', '=~', '!~', 'has', '!has', 'has_cs', '!has_cs', 'contains', '!contains', 'contains_cs', '!contains_cs',
  'startswith', '!startswith', 'startswith_cs', '!startswith_cs', 'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
  'hasprefix', 'hassuffix', 'matches regex', '!matches regex',
] as const;

/** Operators whose value is a list. */
export const listOperators = ['in', '!in', 'in~', '!in~', 'has_any', '!has_any', 'has_all', '!has_all'] as const;

export type ConditionOperator = (typeof scalarOperators)[number] | (typeof listOperators)[number];

/** One condition of an exception: a column, a KQL operator and its value. */
export interface Condition {
  column: string;
  operator: ConditionOperator;
  value: string | string[];
  /** Where the column's key stands in the exceptions file, for messages. */
  position?: { line: number; column: number };
}

/** A compiled condition: true when the value of the column matches. */
export type ValueTest = (value: string) => boolean;

/** Thrown when a condition cannot be compiled; the loader adds the YAML position. */
export class ConditionError extends Error {}

/**
 * Compiles a `matches regex` pattern. KQL patterns use RE2 syntax, where a leading `(?i)` makes
 * the match case-insensitive; JavaScript's RegExp in Node 20 lacks inline flags, so a leading
 * `(?i)` becomes the `i` flag. Like KQL, the pattern matches anywhere unless it is anchored.
 */
export function compileRegex(pattern: string): RegExp {
  const caseless = pattern.startsWith('(?i)');
  const body = caseless ? pattern.slice(4) : pattern;
  try {
    return new RegExp(body, caseless ? 'iu' : 'u');
  } catch (error) {
    throw new ConditionError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

/**
 * Compiles one condition into a test of the column's value as text. String operators reuse the
 * KQL engine's implementations, so `has`, `=~` and the others behave as in a rule's query.
 */
export function compileCondition(condition: Condition): ValueTest {
  const { operator, value } = condition;
  const negated = operator.startsWith('!');
  const base = negated ? operator.slice(1) : operator;

  if ((listOperators as readonly string[]).includes(operator)) {
    if (!Array.isArray(value)) throw new ConditionError(`'${operator}' needs a list of values, e.g. [a.exe, b.exe]`);
    const test = listTest(base, value);
    return negated ? (text) => !test(text) : test;
  }
  if (Array.isArray(value)) throw new ConditionError(`'${operator}' needs one value, not a list; use 'in~' or 'has_any' for a list`);

  if (base === 'matches regex') {
    const regex = compileRegex(value);
    return negated ? (text) => !regex.test(text) : (text) => regex.test(text);
  }
  const test = fixedStringTest(operator, value);
  if (!test) throw new ConditionError(`unknown operator '${operator}'`);
  return test;
}

function listTest(base: string, values: string[]): ValueTest {
  switch (base) {
    case 'in': {
      const set = new Set(values);
      return (text) => set.has(text);
    }
    case 'in~': {
      const set = new Set(values.map((v) => v.toLowerCase()));
      return (text) => set.has(text.toLowerCase());
    }
    case 'has_any':
    case 'has_all': {
      const needles = values.map((v) => prepareTerm(v, false));
      if (base === 'has_any') return (text) => needles.some((needle) => hasTerm(text.toLowerCase(), needle));
      return (text) => needles.every((needle) => hasTerm(text.toLowerCase(), needle));
    }
    default:
      throw new ConditionError(`unknown list operator '${base}'`);
  }
}

/** Renders a value of any column type as the text conditions compare against. */
export function conditionText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

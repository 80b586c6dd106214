import { hasTerm, prepareTerm, type TermNeedle } from '../terms.js';

/** A string predicate over one left value and one right value, both already strings. */
export type StringTest = (left: string, right: string) => boolean;

/** A string predicate with the right side fixed at compile time. */
export type FixedStringTest = (left: string) => boolean;

interface StringOperator {
  /** Builds the test for a constant right side, with its preparation done once. */
  fixed(right: string): FixedStringTest;
}

function termOperator(caseSensitive: boolean, mode: 'whole' | 'prefix' | 'suffix'): StringOperator {
  return {
    fixed(right) {
      const needle: TermNeedle = prepareTerm(right, caseSensitive, mode);
      return caseSensitive ? (left) => hasTerm(left, needle) : (left) => hasTerm(left.toLowerCase(), needle);
    },
  };
}

const positive: Record<string, StringOperator> = {
  has: termOperator(false, 'whole'),
  has_cs: termOperator(true, 'whole'),
  hasprefix: termOperator(false, 'prefix'),
  hasprefix_cs: termOperator(true, 'prefix'),
  hassuffix: termOperator(false, 'suffix'),
  hassuffix_cs: termOperator(true, 'suffix'),
  contains: {
    fixed(right) {
      const needle = right.toLowerCase();
      return (left) => left.toLowerCase().includes(needle);
    },
  },
  contains_cs: { fixed: (right) => (left) => left.includes(right) },
  startswith: {
    fixed(right) {
      const needle = right.toLowerCase();
      return (left) => left.length >= needle.length && left.slice(0, needle.length).toLowerCase() === needle;
    },
  },
  startswith_cs: { fixed: (right) => (left) => left.startsWith(right) },
  endswith: {
    fixed(right) {
      const needle = right.toLowerCase();
      return (left) => left.length >= needle.length && left.slice(left.length - needle.length).toLowerCase() === needle;
    },
  },
  endswith_cs: { fixed: (right) => (left) => left.endsWith(right) },
  '==': { fixed: (right) => (left) => left === right },
  '=~': {
    fixed(right) {
      const needle = right.toLowerCase();
      return (left) => left.length === needle.length && left.toLowerCase() === needle;
    },
  },
};

/**
 * Returns a compile-time-prepared test for a string operator (`has`, `!contains_cs`, `=~`, ...),
 * or undefined when `op` is not a string operator. Negated forms (`!has`, `!=`, `!~`) invert the
 * positive test.
 */
export function fixedStringTest(op: string, right: string): FixedStringTest | undefined {
  const negatedAliases: Record<string, string> = { '!=': '==', '!~': '=~' };
  const base = negatedAliases[op] ?? (op.startsWith('!') ? op.slice(1) : op);
  const operator = positive[base];
  if (!operator) return undefined;
  const test = operator.fixed(right);
  const negated = op.startsWith('!');
  return negated ? (left) => !test(left) : test;
}

/** The same test with the right side computed per row (slower: preparation repeats). */
export function dynamicStringTest(op: string): StringTest | undefined {
  if (!fixedStringTest(op, '')) return undefined;
  return (left, right) => fixedStringTest(op, right)!(left);
}

/** Every operator word handled here, for validation. */
export function isStringOperator(op: string): boolean {
  return fixedStringTest(op, 'x') !== undefined;
}

import type { BinaryExpr, BetweenExpr, Expr, ListOpExpr } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import { didYouMean } from '../suggest.js';
import { isNumeric, toKqlString, dynamicEquals, compareNonNull } from '../values.js';
import { lookupFunction, functionNames } from '../functions/registry.js';
import { aggregateNames, isAggregateName } from '../functions/aggregates.js';
import {
  unsupportedAggregateMessage,
  unsupportedAggregates,
  unsupportedFunctionMessage,
  unsupportedFunctions,
  unsupportedTabularListMessage,
} from '../unsupported.js';
import type { Frame } from '../runtime/frame.js';
import { constant, type CompileContext, type Compiled, type LetBinding } from './context.js';
import type { Scope } from './scope.js';
import { fixedStringTest, isStringOperator } from './stringOps.js';
import { hasTerm, prepareTerm } from '../terms.js';

/** Names in scope while compiling an expression: the pipeline's columns and the query's `let`s. */
export interface ExprEnv {
  scope: Scope;
  lets: Map<string, LetBinding>;
  ctx: CompileContext;
}

const emptyFrame: Frame = { row: {}, ext: [] };

/** Evaluates `compiled` once at compile time when every input is constant. */
export function foldIfConstant(compiled: Compiled, inputs: Compiled[]): Compiled {
  if (compiled.constant || !inputs.every((input) => input.constant)) return compiled;
  return constant(compiled.type, compiled.eval(emptyFrame));
}

/**
 * Compiles a scalar expression to a closure over frames; type errors raise KqlError at the node.
 * In lookback mode 'ignore', an outermost expression that reads the clock is listed in
 * `ctx.wallClockTerms`.
 */
export function compileExpr(expr: Expr, env: ExprEnv): Compiled {
  return env.ctx.withExpressionRoot(expr, () => compileNode(expr, env));
}

function compileNode(expr: Expr, env: ExprEnv): Compiled {
  switch (expr.kind) {
    case 'literal':
      return constant(expr.type === 'int' ? 'int' : expr.type, expr.value);
    case 'dynamic':
      return constant('dynamic', expr.value);
    case 'name':
      return compileName(expr.name, expr, env);
    case 'unary': {
      const operand = compileExpr(expr.operand, env);
      if (!isNumeric(operand.type) && operand.type !== 'timespan' && operand.type !== 'dynamic') {
        env.ctx.fail(expr, `unary '${expr.op}' needs a number or timespan, found ${operand.type}`);
      }
      if (expr.op === '+') return operand;
      const read = operand.eval;
      return foldIfConstant({ type: operand.type, eval: (f) => { const v = read(f); return typeof v === 'number' ? -v : null; } }, [operand]);
    }
    case 'binary':
      return compileBinary(expr, env);
    case 'list':
      return compileListOp(expr, env);
    case 'between':
      return compileBetween(expr, env);
    case 'call': {
      const definition = lookupFunction(expr.name);
      if (!definition) failUnknownFunction(expr.name, expr.nameSpan, env);
      if (expr.name === 'ago' || expr.name === 'now') env.ctx.noteClockRead();
      if (expr.args.length < definition.minArgs || expr.args.length > definition.maxArgs) {
        const expected = definition.minArgs === definition.maxArgs ? `${definition.minArgs}` : `${definition.minArgs} to ${definition.maxArgs === Infinity ? 'any number of' : definition.maxArgs}`;
        env.ctx.fail(expr, `${expr.name}() takes ${expected} argument${definition.maxArgs === 1 ? '' : 's'}, found ${expr.args.length}`);
      }
      if (definition.compileRaw) return definition.compileRaw(expr, env);
      const args = expr.args.map((arg) => compileExpr(arg, env));
      const compiled = definition.compile!(args, { call: expr, env });
      return definition.volatile ? compiled : foldIfConstant(compiled, args);
    }
    case 'member': {
      const target = compileExpr(expr.target, env);
      if (target.type !== 'dynamic') env.ctx.fail(expr, `'.${expr.member}' needs a dynamic value, found ${target.type}`);
      const read = target.eval;
      const key = expr.member;
      return foldIfConstant({ type: 'dynamic', eval: (f) => propertyOf(read(f), key) }, [target]);
    }
    case 'index': {
      const target = compileExpr(expr.target, env);
      const index = compileExpr(expr.index, env);
      if (target.type !== 'dynamic') env.ctx.fail(expr, `indexing needs a dynamic value, found ${target.type}`);
      const readTarget = target.eval;
      const readIndex = index.eval;
      return foldIfConstant({ type: 'dynamic', eval: (f) => propertyOf(readTarget(f), readIndex(f)) }, [target, index]);
    }
  }
}

/**
 * Fails on a call to a name that is not a scalar function of lurewatch: an aggregation function
 * outside summarize, a KQL function that lurewatch does not support, or an unknown name.
 */
function failUnknownFunction(name: string, span: { start: number; end: number }, env: ExprEnv): never {
  if (isAggregateName(name)) env.ctx.fail(span, `${name}() is an aggregation function: use it in summarize`);
  if (unsupportedAggregates.has(name)) env.ctx.fail(span, unsupportedAggregateMessage(name, aggregateNames()));
  if (unsupportedFunctions.has(name)) env.ctx.fail(span, unsupportedFunctionMessage(name));
  return env.ctx.fail(span, `unknown function '${name}'${didYouMean(name, [...functionNames(), ...aggregateNames()])}`);
}

/** Reads `value[key]` of a dynamic array or bag; a negative array index counts from the end. */
function propertyOf(value: unknown, key: unknown): unknown {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    if (typeof key !== 'number') return null;
    const index = key < 0 ? value.length + key : key;
    return value[index] ?? null;
  }
  if (typeof key !== 'string') return null;
  return (value as Record<string, unknown>)[key] ?? null;
}

function compileName(name: string, span: { start: number; end: number }, env: ExprEnv): Compiled {
  const column = env.scope.get(name);
  if (column) return { type: column.type, eval: column.read };
  const binding = env.lets.get(name);
  if (binding?.kind === 'scalar') {
    if (binding.readsClock) env.ctx.noteClockRead();
    return binding.compiled;
  }
  if (binding?.kind === 'tabular') env.ctx.fail(span, `'${name}' is a tabular expression and cannot be used as a value`);
  const known = [...env.scope.names(), ...[...env.lets.entries()].filter(([, b]) => b.kind === 'scalar').map(([n]) => n)];
  return env.ctx.fail(span, `unknown column or name '${name}'${didYouMean(name, known)}`);
}

/** True when `name` is a tabular `let` or a table where a column or scalar `let` would be read. */
function namesTable(name: string, env: ExprEnv): boolean {
  if (env.scope.get(name)) return false;
  const binding = env.lets.get(name);
  if (binding) return binding.kind === 'tabular';
  return env.ctx.options.tables.has(name);
}

/** Coerces any value to a string the way string operators see their left side. */
function stringReader(compiled: Compiled): (f: Frame) => string {
  const read = compiled.eval;
  if (compiled.type === 'string') return (f) => (read(f) as string) ?? '';
  const type = compiled.type;
  return (f) => toKqlString(read(f), type);
}

function compileBinary(expr: BinaryExpr, env: ExprEnv): Compiled {
  const left = compileExpr(expr.left, env);
  const right = compileExpr(expr.right, env);
  const op = expr.op;

  if (op === 'and' || op === 'or') return compileLogical(expr, left, right, env);
  if (op === 'matches regex') return compileRegex(expr, left, right, env);
  if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') return compileArithmetic(expr, left, right, env);

  const isEquality = op === '==' || op === '!=';
  const stringCompare = isEquality && left.type === 'string' && right.type === 'string';
  if (isStringOperator(op) && (!isEquality || stringCompare)) {
    if (op === '=~' || op === '!~') {
      if (left.type !== 'string' && left.type !== 'dynamic') env.ctx.fail(expr.opSpan, `'${op}' compares strings, found ${left.type} on the left`);
    }
    const readLeft = stringReader(left);
    if (right.constant) {
      const test = fixedStringTest(op, toKqlString(right.constant.value, right.type))!;
      return foldIfConstant({ type: 'bool', eval: (f) => test(readLeft(f)) }, [left, right]);
    }
    const readRight = stringReader(right);
    return { type: 'bool', eval: (f) => fixedStringTest(op, readRight(f))!(readLeft(f)) };
  }

  return compileComparison(expr, left, right, env);
}

function compileLogical(expr: BinaryExpr, left: Compiled, right: Compiled, env: ExprEnv): Compiled {
  for (const [side, compiled] of [['left', left], ['right', right]] as const) {
    if (compiled.type !== 'bool' && compiled.type !== 'dynamic') {
      env.ctx.fail(side === 'left' ? expr.left : expr.right, `'${expr.op}' needs bool operands, found ${compiled.type} on the ${side}`);
    }
  }
  const readLeft = left.eval;
  const readRight = right.eval;
  // Three-valued logic: false and null is false, true or null is true, otherwise null wins.
  const evaluate =
    expr.op === 'and'
      ? (f: Frame) => {
          const a = readLeft(f);
          if (a === false) return false;
          const b = readRight(f);
          if (b === false) return false;
          return a === true && b === true ? true : null;
        }
      : (f: Frame) => {
          const a = readLeft(f);
          if (a === true) return true;
          const b = readRight(f);
          if (b === true) return true;
          return a === false && b === false ? false : null;
        };
  return foldIfConstant({ type: 'bool', eval: evaluate }, [left, right]);
}

function compileRegex(expr: BinaryExpr, left: Compiled, right: Compiled, env: ExprEnv): Compiled {
  const readLeft = stringReader(left);
  if (!right.constant || typeof right.constant.value !== 'string') {
    env.ctx.fail(expr.right, "'matches regex' needs a constant string pattern");
  }
  const regex = compileRegexPattern(right.constant.value as string, expr.right, env);
  return foldIfConstant({ type: 'bool', eval: (f) => regex.test(readLeft(f)) }, [left, right]);
}

/**
 * Compiles an RE2-style pattern as a JavaScript RegExp. A leading `(?i)` (and `(?s)`, `(?m)`)
 * becomes a flag. NOTE: JavaScript's engine backtracks, unlike RE2, so a pathological pattern in
 * a rule file can be slow; it cannot run code.
 */
export function compileRegexPattern(pattern: string, span: { start: number; end: number }, env: ExprEnv): RegExp {
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags = [...new Set(inline[1])].join('');
    source = source.slice(inline[0].length);
  }
  try {
    return new RegExp(source, flags);
  } catch (error) {
    return env.ctx.fail(span, `invalid regular expression: ${(error as Error).message}`);
  }
}

const numericRank: Record<string, number> = { int: 0, long: 1, real: 2 };

function compileArithmetic(expr: BinaryExpr, left: Compiled, right: Compiled, env: ExprEnv): Compiled {
  const op = expr.op;
  const l = left.type;
  const r = right.type;
  let type: ColumnType | undefined;
  if (isNumeric(l) && isNumeric(r)) type = numericRank[l]! >= numericRank[r]! ? l : r;
  else if (l === 'datetime' && r === 'timespan' && (op === '+' || op === '-')) type = 'datetime';
  else if (l === 'timespan' && r === 'datetime' && op === '+') type = 'datetime';
  else if (l === 'datetime' && r === 'datetime' && op === '-') type = 'timespan';
  else if (l === 'timespan' && r === 'timespan' && (op === '+' || op === '-')) type = 'timespan';
  else if (l === 'timespan' && r === 'timespan' && op === '/') type = 'real';
  else if (l === 'timespan' && isNumeric(r) && (op === '*' || op === '/')) type = 'timespan';
  else if (isNumeric(l) && r === 'timespan' && op === '*') type = 'timespan';
  else if (l === 'dynamic' || r === 'dynamic') type = 'dynamic';
  if (!type) env.ctx.fail(expr.opSpan, `operator '${op}' is not defined for ${l} and ${r}`);

  const readLeft = left.eval;
  const readRight = right.eval;
  const integer = type === 'int' || type === 'long';
  const apply = (a: number, b: number): number | null => {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (integer) return b === 0 ? null : Math.trunc(a / b);
        return a / b;
      default:
        if (b === 0) return null;
        return a % b;
    }
  };
  return foldIfConstant(
    {
      type,
      eval: (f) => {
        const a = readLeft(f);
        const b = readRight(f);
        return typeof a === 'number' && typeof b === 'number' ? apply(a, b) : null;
      },
    },
    [left, right],
  );
}

function comparable(a: ColumnType, b: ColumnType): boolean {
  if (a === b) return true;
  if (a === 'dynamic' || b === 'dynamic') return true;
  return isNumeric(a) && isNumeric(b);
}

function compileComparison(expr: BinaryExpr, left: Compiled, right: Compiled, env: ExprEnv): Compiled {
  const op = expr.op;
  if (!['==', '!=', '<', '<=', '>', '>='].includes(op)) {
    env.ctx.fail(expr.opSpan, `operator '${op}' needs strings, found ${left.type} and ${right.type}`);
  }
  if (!comparable(left.type, right.type)) {
    env.ctx.fail(expr.opSpan, `cannot compare ${left.type} with ${right.type} using '${op}'`);
  }
  const readLeft = left.eval;
  const readRight = right.eval;
  const dynamic = left.type === 'dynamic' || right.type === 'dynamic';
  let test: (a: unknown, b: unknown) => boolean;
  switch (op) {
    case '==':
      test = dynamic ? dynamicEquals : (a, b) => a === b;
      break;
    case '!=':
      test = dynamic ? (a, b) => !dynamicEquals(a, b) : (a, b) => a !== b;
      break;
    case '<':
      test = (a, b) => compareNonNull(a, b) < 0;
      break;
    case '<=':
      test = (a, b) => compareNonNull(a, b) <= 0;
      break;
    case '>':
      test = (a, b) => compareNonNull(a, b) > 0;
      break;
    default:
      test = (a, b) => compareNonNull(a, b) >= 0;
  }
  // A comparison with null is null, which `where` treats as false.
  return foldIfConstant(
    {
      type: 'bool',
      eval: (f) => {
        const a = readLeft(f);
        if (a === null || a === undefined) return null;
        const b = readRight(f);
        if (b === null || b === undefined) return null;
        return test(a, b);
      },
    },
    [left, right],
  );
}

function compileBetween(expr: BetweenExpr, env: ExprEnv): Compiled {
  const value = compileExpr(expr.left, env);
  const low = compileExpr(expr.low, env);
  const high = compileExpr(expr.high, env);
  for (const bound of [low, high]) {
    const ok = comparable(value.type, bound.type) || (value.type === 'datetime' && bound.type === 'timespan');
    if (!ok) env.ctx.fail(expr, `'between' cannot compare ${value.type} with ${bound.type}`);
  }
  const readValue = value.eval;
  const readLow = low.eval;
  // `datetime between (start .. 1h)` means start to start + 1h.
  const highIsOffset = value.type === 'datetime' && high.type === 'timespan';
  const readHigh = highIsOffset ? (f: Frame) => (readLow(f) as number) + (high.eval(f) as number) : high.eval;
  const negated = expr.negated;
  return foldIfConstant(
    {
      type: 'bool',
      eval: (f) => {
        const v = readValue(f);
        const a = readLow(f);
        const b = readHigh(f);
        if (v === null || a === null || b === null) return null;
        const inside = compareNonNull(v, a) >= 0 && compareNonNull(v, b) <= 0;
        return negated ? !inside : inside;
      },
    },
    [value, low, high],
  );
}

/** Flattens list items: a dynamic array item contributes its elements (as `in (dynamic([...]))` expects). */
function flatten(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (Array.isArray(value)) out.push(...value);
    else out.push(value);
  }
  return out;
}

function compileListOp(expr: ListOpExpr, env: ExprEnv): Compiled {
  const left = compileExpr(expr.left, env);
  for (const item of expr.items) {
    if (item.kind === 'name' && namesTable(item.name, env)) env.ctx.fail(item, unsupportedTabularListMessage(expr.op, env.ctx.sourceText(expr.left)));
  }
  const items = expr.items.map((item) => compileExpr(item, env));
  const op = expr.op;
  const allConstant = items.every((item) => item.constant);
  const readItems = (f: Frame) => flatten(items.map((item) => item.eval(f)));

  if (op === 'has_any' || op === 'has_all' || op === 'has_any_cs' || op === 'has_all_cs') {
    const caseSensitive = op.endsWith('_cs');
    const all = op.startsWith('has_all');
    const readLeft = stringReader(left);
    const prepare = (values: unknown[]) =>
      values.map((value) => prepareTerm(typeof value === 'string' ? value : toKqlString(value, 'dynamic'), caseSensitive));
    const match = (text: string, needles: ReturnType<typeof prepare>) => {
      const haystack = caseSensitive ? text : text.toLowerCase();
      if (all) return needles.every((needle) => hasTerm(haystack, needle));
      for (const needle of needles) if (hasTerm(haystack, needle)) return true;
      return false;
    };
    if (allConstant) {
      const needles = prepare(readItems(emptyFrame));
      // has_all over no needles is vacuously true, has_any over none is false.
      return foldIfConstant({ type: 'bool', eval: (f) => match(readLeft(f), needles) }, [left, ...items]);
    }
    return { type: 'bool', eval: (f) => match(readLeft(f), prepare(readItems(f))) };
  }

  const caseInsensitive = op.endsWith('~');
  const negated = op.startsWith('!');
  const isString = left.type === 'string';
  const normalize = (value: unknown): unknown => {
    if (isString || typeof value === 'string') {
      const text = typeof value === 'string' ? value : toKqlString(value, left.type);
      return caseInsensitive ? text.toLowerCase() : text;
    }
    return value;
  };
  const readLeft = left.eval;
  if (allConstant) {
    const set = new Set(readItems(emptyFrame).map(normalize));
    return foldIfConstant(
      {
        type: 'bool',
        eval: (f) => {
          const value = readLeft(f);
          if (!isString && (value === null || value === undefined)) return negated ? true : false;
          return set.has(normalize(value)) !== negated;
        },
      },
      [left, ...items],
    );
  }
  return {
    type: 'bool',
    eval: (f) => {
      const set = new Set(readItems(f).map(normalize));
      return set.has(normalize(readLeft(f))) !== negated;
    },
  };
}

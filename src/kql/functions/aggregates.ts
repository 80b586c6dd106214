import type { CallExpr, Expr } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import type { Compiled } from '../compile/context.js';
import type { ExprEnv } from '../compile/expressions.js';
import { compileExpr } from '../compile/expressions.js';
import type { Evaluator, Frame } from '../runtime/frame.js';
import { compareNonNull, isNumeric } from '../values.js';
import { groupKeyOf } from './groupKey.js';

/**
 * Per-group state of one aggregation in `summarize`. One object is created per group; `add`
 * runs once per row, so implementations keep plain fields and allocate nothing per row.
 */
export interface Aggregator {
  add(frame: Frame): void;
  /** Writes the result columns into `out` from index `at`. */
  write(out: unknown[], at: number): void;
}

/** An aggregation call compiled against the summarize input: its output columns and state factory. */
export interface CompiledAggregate {
  columns: Array<{ name: string; type: ColumnType }>;
  create(): Aggregator;
}

interface AggregateDefinition {
  minArgs: number;
  maxArgs: number;
  /** `name` is the output column name the user gave, if any. */
  compile(call: CallExpr, env: ExprEnv, name: string | undefined, byNames: ReadonlySet<string>): CompiledAggregate;
}

const isNull = (value: unknown): boolean => value === null || value === undefined;

/** The column name KQL derives from an argument: a column keeps its name, other expressions have none. */
function argumentName(expr: Expr | undefined): string {
  if (!expr) return '';
  if (expr.kind === 'name') return expr.name;
  if (expr.kind === 'member') return expr.member;
  if (expr.kind === 'call' && expr.args.length > 0) return argumentName(expr.args[0]);
  return '';
}

function compileArg(call: CallExpr, env: ExprEnv, index: number): Compiled {
  const arg = call.args[index]!;
  if (arg.kind === 'name' && arg.name === '*') env.ctx.fail(arg, `${call.name}() does not take '*' as argument ${index + 1}`);
  return compileExpr(arg, env);
}

function expectNumeric(call: CallExpr, env: ExprEnv, compiled: Compiled, index: number, allowTimespan: boolean): void {
  const type = compiled.type;
  if (isNumeric(type) || type === 'dynamic' || (allowTimespan && type === 'timespan')) return;
  env.ctx.fail(call.args[index]!, `argument ${index + 1} of ${call.name}() must be a number${allowTimespan ? ' or timespan' : ''}, found ${type}`);
}

function expectBool(call: CallExpr, env: ExprEnv, compiled: Compiled, index: number): void {
  if (compiled.type !== 'bool' && compiled.type !== 'dynamic') {
    env.ctx.fail(call.args[index]!, `argument ${index + 1} of ${call.name}() must be bool, found ${compiled.type}`);
  }
}

function constantLimit(call: CallExpr, env: ExprEnv, index: number, fallback: number): number {
  if (call.args.length <= index) return fallback;
  const compiled = compileExpr(call.args[index]!, env);
  const value = compiled.constant?.value;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    env.ctx.fail(call.args[index]!, `argument ${index + 1} of ${call.name}() must be a constant whole number above 0`);
  }
  return value;
}

class CountAggregator implements Aggregator {
  count = 0;
  add(): void {
    this.count++;
  }
  write(out: unknown[], at: number): void {
    out[at] = this.count;
  }
}

class CountIfAggregator implements Aggregator {
  count = 0;
  constructor(private readonly test: Evaluator) {}
  add(frame: Frame): void {
    if (this.test(frame) === true) this.count++;
  }
  write(out: unknown[], at: number): void {
    out[at] = this.count;
  }
}

class DistinctCountAggregator implements Aggregator {
  readonly seen = new Set<unknown>();
  constructor(private readonly read: Evaluator, private readonly keyOf: (value: unknown) => unknown) {}
  add(frame: Frame): void {
    const value = this.read(frame);
    if (!isNull(value)) this.seen.add(this.keyOf(value));
  }
  write(out: unknown[], at: number): void {
    out[at] = this.seen.size;
  }
}

class SumAggregator implements Aggregator {
  sum = 0;
  count = 0;
  constructor(private readonly read: Evaluator, private readonly average: boolean) {}
  add(frame: Frame): void {
    const value = this.read(frame);
    if (typeof value !== 'number') return;
    this.sum += value;
    this.count++;
  }
  write(out: unknown[], at: number): void {
    if (this.average) out[at] = this.count === 0 ? null : this.sum / this.count;
    else out[at] = this.count === 0 ? null : this.sum;
  }
}

class ExtremeAggregator implements Aggregator {
  best: unknown = null;
  constructor(private readonly read: Evaluator, private readonly sign: 1 | -1) {}
  add(frame: Frame): void {
    const value = this.read(frame);
    if (isNull(value)) return;
    if (this.best === null || compareNonNull(value, this.best) * this.sign > 0) this.best = value;
  }
  write(out: unknown[], at: number): void {
    out[at] = this.best;
  }
}

class ArgExtremeAggregator implements Aggregator {
  best: unknown = null;
  values: unknown[] | null = null;
  constructor(private readonly read: Evaluator, private readonly outputs: Evaluator[], private readonly sign: 1 | -1) {}
  add(frame: Frame): void {
    const value = this.read(frame);
    if (isNull(value)) {
      // A group whose every row has a null key still returns one row's values.
      if (this.values === null) this.values = this.outputs.map((read) => read(frame));
      return;
    }
    if (this.best !== null && compareNonNull(value, this.best) * this.sign <= 0) return;
    this.best = value;
    this.values = this.outputs.map((read) => read(frame));
  }
  write(out: unknown[], at: number): void {
    out[at] = this.best;
    for (let i = 0; i < this.outputs.length; i++) out[at + 1 + i] = this.values ? this.values[i] : null;
  }
}

class TakeAnyAggregator implements Aggregator {
  values: unknown[] | null = null;
  /** True once the kept row has no null or empty value, so later rows cannot improve it. */
  complete = false;
  constructor(private readonly outputs: Evaluator[]) {}
  add(frame: Frame): void {
    if (this.complete) return;
    // With one column KQL prefers a non-null, non-empty value when the group has one.
    const values = this.outputs.map((read) => read(frame));
    const complete = this.outputs.length > 1 || (!isNull(values[0]) && values[0] !== '');
    if (this.values === null || complete) this.values = values;
    this.complete = complete;
  }
  write(out: unknown[], at: number): void {
    for (let i = 0; i < this.outputs.length; i++) out[at + i] = this.values ? this.values[i] : null;
  }
}

class MakeListAggregator implements Aggregator {
  readonly items: unknown[] = [];
  readonly seen: Set<unknown> | null;
  constructor(private readonly read: Evaluator, private readonly limit: number, distinct: boolean, private readonly keyOf: (value: unknown) => unknown) {
    this.seen = distinct ? new Set() : null;
  }
  add(frame: Frame): void {
    if (this.items.length >= this.limit) return;
    const value = this.read(frame);
    if (isNull(value)) return;
    if (this.seen) {
      const key = this.keyOf(value);
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.items.push(value);
  }
  write(out: unknown[], at: number): void {
    out[at] = this.items.slice();
  }
}

/** Expands `*` or the listed expressions of arg_max, arg_min and take_any to named outputs. */
function returnedColumns(call: CallExpr, env: ExprEnv, from: number, exclude: ReadonlySet<string>): Array<{ name: string; type: ColumnType; read: Evaluator }> {
  const outputs: Array<{ name: string; type: ColumnType; read: Evaluator }> = [];
  const taken = new Set(exclude);
  for (let i = from; i < call.args.length; i++) {
    const arg = call.args[i]!;
    if (arg.kind === 'name' && arg.name === '*') {
      for (const column of env.scope.columns) {
        if (taken.has(column.name)) continue;
        taken.add(column.name);
        outputs.push({ name: column.name, type: column.type, read: column.read });
      }
      continue;
    }
    const compiled = compileExpr(arg, env);
    let name = argumentName(arg) || `${call.name}_arg${i}`;
    if (arg.kind !== 'name' && arg.kind !== 'member') name = `${call.name}_arg${i}`;
    if (taken.has(name)) continue;
    taken.add(name);
    outputs.push({ name, type: compiled.type, read: compiled.eval });
  }
  return outputs;
}

function argExtreme(sign: 1 | -1): AggregateDefinition {
  return {
    minArgs: 2,
    maxArgs: 64,
    compile(call, env, name, byNames) {
      const key = compileArg(call, env, 0);
      const keyExpr = call.args[0]!;
      const keyName = name ?? (keyExpr.kind === 'name' || keyExpr.kind === 'member' ? argumentName(keyExpr) : `${sign > 0 ? 'max' : 'min'}_${argumentName(keyExpr)}`);
      const outputs = returnedColumns(call, env, 1, new Set([...byNames, keyName]));
      return {
        columns: [{ name: keyName, type: key.type }, ...outputs.map(({ name: n, type }) => ({ name: n, type }))],
        create: () => new ArgExtremeAggregator(key.eval, outputs.map((output) => output.read), sign),
      };
    },
  };
}

function singleColumn(name: string, type: ColumnType, create: () => Aggregator): CompiledAggregate {
  return { columns: [{ name, type }], create };
}

/** Aggregation functions that `summarize` accepts, by name. */
const aggregates = new Map<string, AggregateDefinition>([
  ['count', { minArgs: 0, maxArgs: 1, compile: (call, env, name) => {
    if (call.args.length === 1) compileArg(call, env, 0);
    return singleColumn(name ?? 'count_', 'long', () => new CountAggregator());
  } }],
  ['countif', { minArgs: 1, maxArgs: 1, compile: (call, env, name) => {
    const test = compileArg(call, env, 0);
    expectBool(call, env, test, 0);
    return singleColumn(name ?? 'countif_', 'long', () => new CountIfAggregator(test.eval));
  } }],
  ['dcount', { minArgs: 1, maxArgs: 2, compile: (call, env, name) => {
    const value = compileArg(call, env, 0);
    if (call.args.length === 2) compileArg(call, env, 1);
    const keyOf = groupKeyOf(value.type);
    return singleColumn(name ?? `dcount_${argumentName(call.args[0])}`, 'long', () => new DistinctCountAggregator(value.eval, keyOf));
  } }],
  ['sum', { minArgs: 1, maxArgs: 1, compile: (call, env, name) => {
    const value = compileArg(call, env, 0);
    expectNumeric(call, env, value, 0, true);
    const type: ColumnType = value.type === 'int' ? 'long' : value.type === 'dynamic' ? 'real' : value.type;
    return singleColumn(name ?? `sum_${argumentName(call.args[0])}`, type, () => new SumAggregator(value.eval, false));
  } }],
  ['avg', { minArgs: 1, maxArgs: 1, compile: (call, env, name) => {
    const value = compileArg(call, env, 0);
    expectNumeric(call, env, value, 0, true);
    const type: ColumnType = value.type === 'timespan' ? 'timespan' : 'real';
    return singleColumn(name ?? `avg_${argumentName(call.args[0])}`, type, () => new SumAggregator(value.eval, true));
  } }],
  ['min', { minArgs: 1, maxArgs: 1, compile: (call, env, name) => {
    const value = compileArg(call, env, 0);
    return singleColumn(name ?? `min_${argumentName(call.args[0])}`, value.type, () => new ExtremeAggregator(value.eval, -1));
  } }],
  ['max', { minArgs: 1, maxArgs: 1, compile: (call, env, name) => {
    const value = compileArg(call, env, 0);
    return singleColumn(name ?? `max_${argumentName(call.args[0])}`, value.type, () => new ExtremeAggregator(value.eval, 1));
  } }],
  ['make_set', { minArgs: 1, maxArgs: 2, compile: (call, env, name) => {
    const value = compileArg(call, env, 0);
    const limit = constantLimit(call, env, 1, 1_048_576);
    const keyOf = groupKeyOf(value.type);
    return singleColumn(name ?? `set_${argumentName(call.args[0])}`, 'dynamic', () => new MakeListAggregator(value.eval, limit, true, keyOf));
  } }],
  ['make_list', { minArgs: 1, maxArgs: 2, compile: (call, env, name) => {
    const value = compileArg(call, env, 0);
    const limit = constantLimit(call, env, 1, 1_048_576);
    return singleColumn(name ?? `list_${argumentName(call.args[0])}`, 'dynamic', () => new MakeListAggregator(value.eval, limit, false, (v) => v));
  } }],
  ['arg_max', argExtreme(1)],
  ['arg_min', argExtreme(-1)],
  ['take_any', { minArgs: 1, maxArgs: 64, compile: (call, env, name, byNames) => {
    const outputs = returnedColumns(call, env, 0, byNames);
    if (name !== undefined && outputs.length === 1) outputs[0]!.name = name;
    return {
      columns: outputs.map(({ name: n, type }) => ({ name: n, type })),
      create: () => new TakeAnyAggregator(outputs.map((output) => output.read)),
    };
  } }],
]);

/** True when `name` is an aggregation function that only `summarize` may call. */
export function isAggregateName(name: string): boolean {
  return aggregates.has(name);
}

export function aggregateNames(): string[] {
  return [...aggregates.keys()];
}

/**
 * Compiles one aggregation call of `summarize` against its input scope. `name` is the column
 * name the user gave; `byNames` are the group-by columns, which `*` in arg_max and take_any skips.
 */
export function compileAggregate(call: CallExpr, env: ExprEnv, name: string | undefined, byNames: ReadonlySet<string>): CompiledAggregate {
  const definition = aggregates.get(call.name)!;
  if (call.args.length < definition.minArgs || call.args.length > definition.maxArgs) {
    const expected = definition.minArgs === definition.maxArgs ? `${definition.minArgs}` : `${definition.minArgs} to ${definition.maxArgs}`;
    env.ctx.fail(call, `${call.name}() takes ${expected} argument${definition.maxArgs === 1 ? '' : 's'}, found ${call.args.length}`);
  }
  return definition.compile(call, env, name, byNames);
}

import type { Assignment, CallExpr, Expr } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import { compileAggregate, isAggregateName, type Aggregator, type CompiledAggregate } from '../functions/aggregates.js';
import { compositeKey, groupKeyOf } from '../functions/groupKey.js';
import type { Frame } from '../runtime/frame.js';
import { compileExpr, type ExprEnv } from './expressions.js';
import { assignmentName, type CompiledOperator, type Stage } from './operators.js';
import { Scope } from './scope.js';

/** Functions whose result KQL names after their first argument in `by`, as in `by bin(Timestamp, 1h)`. */
const namePreservingByFunctions = new Set(['bin', 'floor', 'startofday', 'startofweek', 'startofmonth', 'startofyear', 'tolower', 'toupper', 'tostring']);

function byKeyName(assignment: Assignment, index: number, taken: Set<string>): string {
  const expr = assignment.expr;
  if (!assignment.name && expr.kind === 'call' && namePreservingByFunctions.has(expr.name) && expr.args[0]?.kind === 'name') {
    return expr.args[0].name;
  }
  return assignmentName(assignment, index, taken);
}

/** True when `expr` calls an aggregation function anywhere. */
function containsAggregate(expr: Expr): boolean {
  switch (expr.kind) {
    case 'call':
      return isAggregateName(expr.name) || expr.args.some(containsAggregate);
    case 'binary':
      return containsAggregate(expr.left) || containsAggregate(expr.right);
    case 'unary':
      return containsAggregate(expr.operand);
    case 'list':
      return containsAggregate(expr.left) || expr.items.some(containsAggregate);
    case 'between':
      return containsAggregate(expr.left) || containsAggregate(expr.low) || containsAggregate(expr.high);
    case 'member':
      return containsAggregate(expr.target);
    case 'index':
      return containsAggregate(expr.target) || containsAggregate(expr.index);
    default:
      return false;
  }
}

/** Copies `expr`, replacing each aggregation call with a name that `hidden` resolves. */
function replaceAggregates(expr: Expr, hidden: (call: CallExpr) => string): Expr {
  const walk = (e: Expr): Expr => replaceAggregates(e, hidden);
  switch (expr.kind) {
    case 'call':
      if (isAggregateName(expr.name)) return { kind: 'name', name: hidden(expr), start: expr.start, end: expr.end };
      return { ...expr, args: expr.args.map(walk) };
    case 'binary':
      return { ...expr, left: walk(expr.left), right: walk(expr.right) };
    case 'unary':
      return { ...expr, operand: walk(expr.operand) };
    case 'list':
      return { ...expr, left: walk(expr.left), items: expr.items.map(walk) };
    case 'between':
      return { ...expr, left: walk(expr.left), low: walk(expr.low), high: walk(expr.high) };
    case 'member':
      return { ...expr, target: walk(expr.target) };
    case 'index':
      return { ...expr, target: walk(expr.target), index: walk(expr.index) };
    default:
      return expr;
  }
}

interface Group {
  keys: unknown[];
  aggregators: Aggregator[];
}

/**
 * Compiles `summarize Aggregations by Keys`. Output columns are the keys, then each aggregation's
 * columns, named as KQL names them (`count_`, `dcount_X`, arg_max's returned columns). Groups live
 * in a Map keyed by the key value itself (one key) or a composite string (several keys).
 */
export function compileSummarize(aggregates: Assignment[], by: Assignment[], env: ExprEnv): CompiledOperator {
  const taken = new Set<string>();
  const keys = by.map((assignment, index) => {
    const compiled = compileExpr(assignment.expr, env);
    if (containsAggregate(assignment.expr)) env.ctx.fail(assignment, "an aggregation function cannot be a 'by' key of summarize");
    const name = byKeyName(assignment, index, taken);
    if (taken.has(name)) env.ctx.fail(assignment, `column '${name}' appears twice in summarize`);
    taken.add(name);
    return { name, type: compiled.type, read: compiled.eval };
  });
  const byNames: ReadonlySet<string> = new Set(taken);

  const compiledAggregates: CompiledAggregate[] = [];
  const visibleColumns: Array<{ name: string; type: ColumnType; hidden: boolean }> = [];
  // Output names of the aggregations in the order written, plain and computed alike.
  const outputOrder: string[] = [];
  const computed: Array<{ name: string; type: ColumnType; assignment: Assignment; expr: Expr }> = [];
  aggregates.forEach((assignment, index) => {
    const expr = assignment.expr;
    if (expr.kind === 'call' && isAggregateName(expr.name)) {
      const compiled = compileAggregate(expr, env, assignment.name, byNames);
      compiledAggregates.push(compiled);
      for (const column of compiled.columns) {
        if (taken.has(column.name)) env.ctx.fail(assignment, `column '${column.name}' appears twice in summarize: name it (Name = ...)`);
        taken.add(column.name);
        visibleColumns.push({ ...column, hidden: false });
        outputOrder.push(column.name);
      }
      return;
    }
    if (!containsAggregate(expr)) {
      // Compiling first reports an unsupported or unknown function by name, which is the likelier fault.
      compileExpr(expr, env);
      env.ctx.fail(expr, 'summarize needs an aggregation function such as count(), dcount() or max()');
    }
    const rewritten = replaceAggregates(expr, (call) => {
      const compiled = compileAggregate(call, env, undefined, byNames);
      if (compiled.columns.length !== 1) env.ctx.fail(call, `${call.name}() returns several columns and cannot be part of an expression`);
      const hiddenName = `\u0000agg${compiledAggregates.length}`;
      compiledAggregates.push({ columns: [{ name: hiddenName, type: compiled.columns[0]!.type }], create: compiled.create });
      visibleColumns.push({ name: hiddenName, type: compiled.columns[0]!.type, hidden: true });
      return hiddenName;
    });
    const name = assignmentName(assignment, index, taken);
    if (taken.has(name)) env.ctx.fail(assignment, `column '${name}' appears twice in summarize: name it (Name = ...)`);
    taken.add(name);
    outputOrder.push(name);
    computed.push({ name, type: 'dynamic', assignment, expr: rewritten });
  });

  // Computed aggregate expressions are evaluated over the finished group row.
  const groupScope = Scope.ofRowColumns([...keys, ...visibleColumns]);
  const computedEvals = computed.map((entry) => {
    const compiled = compileExpr(entry.expr, { ...env, scope: groupScope });
    entry.type = compiled.type;
    return compiled.eval;
  });

  const typeOf = new Map<string, ColumnType>([...visibleColumns, ...computed].map(({ name, type }) => [name, type]));
  const outputColumns = [...keys.map(({ name, type }) => ({ name, type })), ...outputOrder.map((name) => ({ name, type: typeOf.get(name)! }))];
  const slotNames = [...keys.map((k) => k.name), ...visibleColumns.map((c) => c.name)];
  const scope = Scope.ofRowColumns(outputColumns);
  const keyReads = keys.map((key) => key.read);
  const singleKeyOf = keys.length === 1 ? groupKeyOf(keys[0]!.type) : undefined;
  const factories = compiledAggregates.map((aggregate) => aggregate.create);
  const offsets: number[] = [];
  let offset = keys.length;
  for (const aggregate of compiledAggregates) {
    offsets.push(offset);
    offset += aggregate.columns.length;
  }

  const stage: Stage = (downstream) => {
    const groups = new Map<unknown, Group>();
    const scratch: unknown[] = new Array(keyReads.length);
    const newGroup = (keyValues: unknown[]): Group => ({ keys: keyValues, aggregators: factories.map((create) => create()) });

    const add = (group: Group, frame: Frame): void => {
      const aggregators = group.aggregators;
      for (let i = 0; i < aggregators.length; i++) aggregators[i]!.add(frame);
    };
    const push = keyReads.length === 0
      ? (frame: Frame) => {
          let group = groups.get(0);
          if (!group) groups.set(0, (group = newGroup([])));
          add(group, frame);
        }
      : keyReads.length === 1
        ? (frame: Frame) => {
            const value = keyReads[0]!(frame);
            const key = singleKeyOf!(value);
            let group = groups.get(key);
            if (!group) groups.set(key, (group = newGroup([value])));
            add(group, frame);
          }
        : (frame: Frame) => {
            for (let i = 0; i < keyReads.length; i++) scratch[i] = keyReads[i]!(frame);
            const key = compositeKey(scratch);
            let group = groups.get(key);
            if (!group) groups.set(key, (group = newGroup(scratch.slice())));
            add(group, frame);
          };

    return {
      push,
      end: () => {
        // Without `by`, summarize returns one row even for empty input (count() is then 0).
        if (keyReads.length === 0 && groups.size === 0) groups.set(0, newGroup([]));
        const values: unknown[] = new Array(offset);
        for (const group of groups.values()) {
          for (let i = 0; i < group.keys.length; i++) values[i] = group.keys[i];
          for (let i = 0; i < group.aggregators.length; i++) group.aggregators[i]!.write(values, offsets[i]!);
          const row: Record<string, unknown> = {};
          for (let i = 0; i < slotNames.length; i++) row[slotNames[i]!] = values[i];
          const frame: Frame = { row, ext: [] };
          for (let i = 0; i < computed.length; i++) row[computed[i]!.name] = computedEvals[i]!(frame);
          for (const name of slotNames) if (name.startsWith('\u0000')) delete row[name];
          downstream.push(frame);
        }
        downstream.end();
      },
    };
  };
  return { scope, stage };
}

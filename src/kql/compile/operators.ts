import type { Assignment, Expr, Operator, SortKey } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import type { Evaluator, Frame, Sink } from '../runtime/frame.js';
import type { InputRegistry } from '../runtime/inputs.js';
import { compareNonNull } from '../values.js';
import { didYouMean } from '../suggest.js';
import { compileExpr, type ExprEnv } from './expressions.js';
import { materializer, Scope, type Column } from './scope.js';
import type { CompileContext, Compiled, LetBinding } from './context.js';
import { conjuncts, isLookbackTerm } from './lookback.js';
import { compileJoin } from './join.js';
import { compileMvExpand } from './mvExpand.js';
import { compileParse } from './parseOperator.js';
import { compileSummarize } from './summarize.js';
import { compileUnionOperator } from './union.js';

/** Wires one operator between its upstream and `downstream`; returns the sink upstream pushes into. */
export type Stage = (downstream: Sink, inputs: InputRegistry) => Sink;

export interface CompiledOperator {
  scope: Scope;
  stage: Stage;
}

/** Compiles one operator against the columns `scope` has before it. */
export function compileOperator(op: Operator, scope: Scope, lets: Map<string, LetBinding>, ctx: CompileContext): CompiledOperator {
  const env: ExprEnv = { scope, lets, ctx };
  switch (op.kind) {
    case 'where':
      return compileWhere(op.predicate, env);
    case 'extend':
      return compileExtend(op.assignments, env);
    case 'project':
      return compileProject(op.assignments, env);
    case 'project-away':
    case 'project-keep':
    case 'project-reorder':
    case 'project-rename':
      return compileProjectVariant(op, env);
    case 'sort':
      return { scope, stage: sortStage(compileSortKeys(op.keys, env)) };
    case 'take': {
      const limit = constantCount(op.count, env, 'take');
      return { scope, stage: takeStage(limit) };
    }
    case 'top': {
      const limit = constantCount(op.count, env, 'top');
      const keys = compileSortKeys([op.key], env);
      return { scope, stage: (downstream, inputs) => sortStage(keys)(takeStage(limit)(downstream, inputs), inputs) };
    }
    case 'count':
      return compileCount();
    case 'distinct':
      return compileDistinct(op.columns, env);
    case 'summarize':
      return compileSummarize(op.aggregates, op.by, env);
    case 'mv-expand':
      return compileMvExpand(op.assignments, op.limit, op.itemIndex, env);
    case 'parse':
      return compileParse(op, env);
    case 'join':
      return compileJoin(op, scope, lets, ctx);
    case 'union':
      return compileUnionOperator(scope, op.tables, lets, ctx, op.withSource);
    case 'as':
      // `as` only names the pipeline so far; compileTabular binds the name.
      return { scope, stage: (downstream) => downstream };
  }
}

function compileWhere(predicate: Expr, env: ExprEnv): CompiledOperator {
  const compileTerm = (term: Expr): Compiled => {
    const compiled = compileExpr(term, env);
    if (compiled.type !== 'bool' && compiled.type !== 'dynamic') env.ctx.fail(term, `'where' needs a bool condition, found ${compiled.type}`);
    return compiled;
  };
  let terms = conjuncts(predicate);
  if (env.ctx.options.lookback === 'ignore') {
    const lookback = terms.filter((term) => isLookbackTerm(term, env));
    for (const term of lookback) {
      // A dropped term is still checked, so that both lookback modes reject the same queries.
      env.ctx.withoutClockNotes(() => compileTerm(term));
      env.ctx.ignoredLookback.push(env.ctx.sourceText(term));
    }
    terms = terms.filter((term) => !lookback.includes(term));
  }
  const tests = terms.map((term) => compileTerm(term).eval);
  const stage: Stage = (downstream) => {
    if (tests.length === 0) return downstream;
    // A where right after another passes the same frame on, so their tests chain.
    const accepts = (f: Frame): boolean => {
      for (let i = 0; i < tests.length; i++) if (tests[i]!(f) !== true) return false;
      return downstream.accepts === undefined || downstream.accepts(f);
    };
    if (tests.length === 1) {
      const test = tests[0]!;
      return { push: (f) => { if (test(f) === true) downstream.push(f); }, end: () => downstream.end(), accepts };
    }
    return {
      push: (f) => {
        for (let i = 0; i < tests.length; i++) if (tests[i]!(f) !== true) return;
        downstream.push(f);
      },
      end: () => downstream.end(),
      accepts,
    };
  };
  return { scope: env.scope, stage };
}

/** Names an unnamed expression the way KQL does: a column reference keeps its name, others become Column1, Column2, ... */
export function assignmentName(assignment: Assignment, index: number, taken: Set<string>): string {
  if (assignment.name) return assignment.name;
  const expr = assignment.expr;
  if (expr.kind === 'name') return expr.name;
  if (expr.kind === 'member') return expr.member;
  let n = index + 1;
  while (taken.has(`Column${n}`)) n++;
  return `Column${n}`;
}

function compileExtend(assignments: Assignment[], env: ExprEnv): CompiledOperator {
  let scope = env.scope;
  let slot = scope.slotCount;
  const writes: Array<{ slot: number; eval: Evaluator }> = [];
  assignments.forEach((assignment, index) => {
    const compiled = compileExpr(assignment.expr, { ...env, scope });
    const name = assignmentName(assignment, index, new Set(scope.names()));
    const slotIndex = slot++;
    writes.push({ slot: slotIndex, eval: compiled.eval });
    const column: Column = { name, type: compiled.type, read: (f) => f.ext[slotIndex] };
    const existing = scope.columns.findIndex((c) => c.name === name);
    const columns = [...scope.columns];
    if (existing >= 0) columns[existing] = column;
    else columns.push(column);
    scope = new Scope(columns, slot);
  });
  const stage: Stage = (downstream) => ({
    push: (f) => {
      for (let i = 0; i < writes.length; i++) f.ext[writes[i]!.slot] = writes[i]!.eval(f);
      downstream.push(f);
    },
    end: () => downstream.end(),
  });
  return { scope, stage };
}

function compileProject(assignments: Assignment[], env: ExprEnv): CompiledOperator {
  const outputs: Array<{ name: string; type: ColumnType; eval: Evaluator }> = [];
  const taken = new Set<string>();
  assignments.forEach((assignment, index) => {
    const compiled = compileExpr(assignment.expr, env);
    const name = assignmentName(assignment, index, taken);
    if (taken.has(name)) env.ctx.fail(assignment, `column '${name}' is projected twice`);
    taken.add(name);
    outputs.push({ name, type: compiled.type, eval: compiled.eval });
  });
  return projection(outputs);
}

/** Builds the stage that makes a new row with exactly `outputs`, in order. */
function projection(outputs: Array<{ name: string; type: ColumnType; eval: Evaluator }>): CompiledOperator {
  const scope = Scope.ofRowColumns(outputs);
  const stage: Stage = (downstream) => ({
    push: (f) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < outputs.length; i++) row[outputs[i]!.name] = outputs[i]!.eval(f);
      downstream.push({ row, ext: [] });
    },
    end: () => downstream.end(),
  });
  return { scope, stage };
}

function compileProjectVariant(op: Extract<Operator, { kind: 'project-away' | 'project-keep' | 'project-reorder' | 'project-rename' }>, env: ExprEnv): CompiledOperator {
  const scope = env.scope;
  const find = (name: string, span: { start: number; end: number }): Column => {
    const column = scope.get(name);
    if (!column) env.ctx.fail(span, `unknown column '${name}'${didYouMean(name, scope.names())}`);
    return column;
  };
  const asOutput = (column: Column, name = column.name) => ({ name, type: column.type, eval: column.read });

  if (op.kind === 'project-rename') {
    const renamed = new Map<string, string>();
    for (const rename of op.renames) renamed.set(find(rename.from.name, rename.from).name, rename.name);
    return projection(scope.columns.map((column) => asOutput(column, renamed.get(column.name) ?? column.name)));
  }
  const listed = op.columns.map((name) => find(name.name, name));
  const listedNames = new Set(listed.map((column) => column.name));
  if (op.kind === 'project-away') return projection(scope.columns.filter((c) => !listedNames.has(c.name)).map((c) => asOutput(c)));
  if (op.kind === 'project-keep') return projection(scope.columns.filter((c) => listedNames.has(c.name)).map((c) => asOutput(c)));
  return projection([...listed, ...scope.columns.filter((c) => !listedNames.has(c.name))].map((c) => asOutput(c)));
}

interface CompiledSortKey {
  read: Evaluator;
  descending: boolean;
  nullsFirst: boolean;
}

function compileSortKeys(keys: SortKey[], env: ExprEnv): CompiledSortKey[] {
  return keys.map((key) => ({ read: compileExpr(key.expr, env).eval, descending: key.descending, nullsFirst: key.nullsFirst }));
}

/** Orders frames by the keys. Nulls go first or last as each key sets; an empty string is a value, not a null. */
export function frameComparator(keys: CompiledSortKey[]): (a: { keys: unknown[] }, b: { keys: unknown[] }) => number {
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const x = a.keys[i];
      const y = b.keys[i];
      const xNull = x === null || x === undefined;
      const yNull = y === null || y === undefined;
      if (xNull || yNull) {
        if (xNull && yNull) continue;
        return xNull === key.nullsFirst ? -1 : 1;
      }
      const order = compareNonNull(x, y);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  };
}

function sortStage(keys: CompiledSortKey[]): Stage {
  const compare = frameComparator(keys);
  return (downstream) => {
    const buffer: Array<{ keys: unknown[]; frame: Frame }> = [];
    return {
      push: (f) => buffer.push({ keys: keys.map((key) => key.read(f)), frame: f }),
      end: () => {
        // Array.prototype.sort is stable, so equal keys keep their input order.
        buffer.sort(compare);
        for (const item of buffer) downstream.push(item.frame);
        downstream.end();
      },
    };
  };
}

function takeStage(limit: number): Stage {
  return (downstream) => {
    let taken = 0;
    return {
      push: (f) => {
        if (taken < limit) {
          taken++;
          downstream.push(f);
        }
      },
      end: () => downstream.end(),
    };
  };
}

export function constantCount(expr: Expr, env: ExprEnv, operator: string): number {
  const compiled = compileExpr(expr, env);
  const value = compiled.constant?.value;
  if (typeof value !== 'number' || value < 0 || !Number.isInteger(value)) {
    env.ctx.fail(expr, `'${operator}' needs a constant whole number of rows`);
  }
  return value;
}

function compileCount(): CompiledOperator {
  const scope = Scope.ofRowColumns([{ name: 'Count', type: 'long' }]);
  const stage: Stage = (downstream) => {
    let count = 0;
    return {
      push: () => {
        count++;
      },
      end: () => {
        downstream.push({ row: { Count: count }, ext: [] });
        downstream.end();
      },
    };
  };
  return { scope, stage };
}

function compileDistinct(columns: Expr[], env: ExprEnv): CompiledOperator {
  const all = columns.length === 1 && columns[0]!.kind === 'name' && columns[0]!.name === '*';
  const outputs = all
    ? env.scope.columns.map((column) => ({ name: column.name, type: column.type, eval: column.read }))
    : columns.map((expr, index) => {
        const compiled = compileExpr(expr, env);
        return { name: assignmentName({ expr, start: expr.start, end: expr.end }, index, new Set()), type: compiled.type, eval: compiled.eval };
      });
  const projected = projection(outputs);
  const toRow = materializer(projected.scope);
  const stage: Stage = (downstream, inputs) => {
    const seen = new Set<string>();
    const distinct: Sink = {
      push: (f) => {
        const key = JSON.stringify(toRow(f));
        if (seen.has(key)) return;
        seen.add(key);
        downstream.push(f);
      },
      end: () => downstream.end(),
    };
    return projected.stage(distinct, inputs);
  };
  return { scope: projected.scope, stage };
}

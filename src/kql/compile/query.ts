import type { Query, TabularExpr } from '../ast.js';
import type { ColumnType, Row } from '../../schema/types.js';
import { parseQuery } from '../parser/query.js';
import { InputRegistry } from '../runtime/inputs.js';
import type { Sink } from '../runtime/frame.js';
import { didYouMean } from '../suggest.js';
import { CompileContext, type CompileOptions, type LetBinding } from './context.js';
import { compileExpr } from './expressions.js';
import { readsClock } from './lookback.js';
import { compileOperator, type Stage } from './operators.js';
import { materializer, rowReader, Scope } from './scope.js';
import { compileSource } from './sources.js';

/** Receives result rows of a query, then `end` once. */
export interface RowSink {
  push(row: Row): void;
  end(): void;
}

/** A compiled tabular expression: its output columns and how to wire it to inputs. */
export interface CompiledTabular {
  scope: Scope;
  connect(downstream: Sink, inputs: InputRegistry): void;
}

/** A query ready to run: compiled once, then connected to any number of inputs. */
export interface CompiledQuery {
  text: string;
  /** Result columns in order, with their KQL types. */
  columns: Array<{ name: string; type: ColumnType }>;
  /** `where` terms dropped because the lookback was not applied (see CompileOptions.lookback). */
  ignoredLookback: string[];
  /**
   * Source text of the expressions that read the clock (ago(), now() or a `let` bound to them)
   * but were kept in lookback mode 'ignore', such as a lookback inside `or`, `iff()`, `extend` or
   * `summarize`. Each is evaluated with CompileOptions.now, so its result depends on that clock.
   * Listed once each, in the order compiled. Always empty in lookback mode 'apply'.
   */
  wallClockTerms: string[];
  /**
   * Set when the query ends in `take N`: once N rows have reached the output no later input row
   * can change the result, so a reader may stop early.
   */
  rowLimit?: number;
  /** Wires the query so that rows pushed into `inputs` flow to `output`. */
  connect(output: RowSink, inputs: InputRegistry): void;
}

/**
 * Parses and compiles `text`. Every name, type and function is checked here, before any row is
 * read; errors are KqlError with line, column and a caret excerpt.
 */
export function compileQuery(text: string, options: CompileOptions): CompiledQuery {
  const ctx = new CompileContext(text, options);
  const query: Query = parseQuery(text, options.sourceName);
  const lets = new Map<string, LetBinding>();
  const emptyScope = new Scope([]);
  for (const statement of query.lets) {
    if (statement.value.kind === 'tabular') {
      lets.set(statement.name, { kind: 'tabular', query: statement.value.query, lets: new Map(lets) });
      continue;
    }
    const expr = statement.value.expr;
    // `let T = DeviceProcessEvents;` names a table, not a value.
    if (expr.kind === 'name' && !lets.has(expr.name) && (options.tables.has(expr.name))) {
      const source = { kind: 'table' as const, name: expr.name, start: expr.start, end: expr.end };
      lets.set(statement.name, { kind: 'tabular', query: { source, operators: [], start: expr.start, end: expr.end }, lets: new Map(lets) });
      continue;
    }
    // The clock reads of a let value are listed where the let is used, not where it is bound.
    const compiled = ctx.withoutClockNotes(() => compileExpr(expr, { scope: emptyScope, lets, ctx }));
    lets.set(statement.name, { kind: 'scalar', compiled, readsClock: readsClock(expr, { scope: emptyScope, lets }) });
  }
  const body = compileTabular(query.body, lets, ctx);
  const toRow = materializer(body.scope);
  const rowLimit = finalTakeLimit(query.body);
  return {
    text,
    rowLimit,
    columns: body.scope.columns.map(({ name, type }) => ({ name, type })),
    ignoredLookback: ctx.ignoredLookback,
    wallClockTerms: ctx.wallClockTerms,
    connect(output, inputs) {
      body.connect({ push: (f) => output.push(toRow(f)), end: () => output.end() }, inputs);
    },
  };
}

/** Operators that turn each input row into exactly one output row. */
const oneToOne = new Set(['extend', 'project', 'project-away', 'project-keep', 'project-reorder', 'project-rename', 'parse', 'as']);

/** The N of a `take N` that only one-to-one operators follow, so the output has at most N rows. */
function finalTakeLimit(body: TabularExpr): number | undefined {
  for (let i = body.operators.length - 1; i >= 0; i--) {
    const op = body.operators[i]!;
    if (op.kind === 'take') return op.count.kind === 'literal' && typeof op.count.value === 'number' ? op.count.value : undefined;
    if (!oneToOne.has(op.kind)) return undefined;
  }
  return undefined;
}

/** Compiles a source and its operators, left to right, threading the scope through. */
export function compileTabular(expr: TabularExpr, lets: Map<string, LetBinding>, ctx: CompileContext): CompiledTabular {
  const source = compileSource(expr.source, lets, ctx, compileTabular);
  let scope = source.scope;
  const stages: Stage[] = [];
  let visibleLets = lets;
  for (const [index, op] of expr.operators.entries()) {
    if (op.kind === 'as') {
      // Later operators (a join's right side, say) may name the pipeline up to this point.
      const named: TabularExpr = { ...expr, operators: expr.operators.slice(0, index), end: op.start };
      visibleLets = new Map(visibleLets);
      visibleLets.set(op.name, { kind: 'tabular', query: named, lets });
    }
    const compiled = compileOperator(op, scope, visibleLets, ctx);
    stages.push(compiled.stage);
    scope = compiled.scope;
  }
  return {
    scope,
    connect(downstream, inputs) {
      let sink = downstream;
      for (let i = stages.length - 1; i >= 0; i--) sink = stages[i]!(sink, inputs);
      source.connect(sink, inputs);
    },
  };
}

/** Scope of a table's columns read from source rows (strings never null). */
export function tableScope(columns: ReadonlyArray<readonly [string, ColumnType]>): Scope {
  return new Scope(columns.map(([name, type]) => ({ name, type, read: rowReader(name, type) })));
}

export { didYouMean };

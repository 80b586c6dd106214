import type { TabularExpr } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import type { Sink } from '../runtime/frame.js';
import type { InputRegistry } from '../runtime/inputs.js';
import type { CompileContext, LetBinding } from './context.js';
import type { CompiledTabular } from './query.js';
import { compileTabular } from './query.js';
import { Scope } from './scope.js';

/**
 * Merges the columns of union inputs by name, in first-seen order. A name that occurs with
 * different types becomes one column per type, named `Name_type`, as KQL's union does.
 */
function mergeColumns(scopes: Scope[]): { columns: Array<{ name: string; type: ColumnType }>; names: string[][] } {
  const typesByName = new Map<string, Set<ColumnType>>();
  for (const scope of scopes) {
    for (const column of scope.columns) {
      const types = typesByName.get(column.name) ?? new Set<ColumnType>();
      types.add(column.type);
      typesByName.set(column.name, types);
    }
  }
  const outputName = (name: string, type: ColumnType): string => (typesByName.get(name)!.size > 1 ? `${name}_${type}` : name);
  const columns: Array<{ name: string; type: ColumnType }> = [];
  const seen = new Set<string>();
  for (const scope of scopes) {
    for (const column of scope.columns) {
      const name = outputName(column.name, column.type);
      if (seen.has(name)) continue;
      seen.add(name);
      columns.push({ name, type: column.type });
    }
  }
  return { columns, names: scopes.map((scope) => scope.columns.map((column) => outputName(column.name, column.type))) };
}

/**
 * Returns the value of a `withsource` column for each leg: the table or tabular `let` name for a
 * leg that is only a name, else `union_argN` with N the leg's position.
 * NOTE: Microsoft's docs state only the table-name case. `union_argN` is Kusto's output as
 * examples show it, not checked against a live cluster.
 */
function sourceNames(legs: Array<TabularExpr | undefined>): string[] {
  return legs.map((leg, index) => (leg !== undefined && leg.source.kind === 'table' && leg.operators.length === 0 ? leg.source.name : `union_arg${index}`));
}

/** Puts the `withsource` column first, as Kusto does, and rejects a name that a leg already uses. */
function withSourceColumn(merged: ReturnType<typeof mergeColumns>, column: string | undefined, ctx: CompileContext, legs: TabularExpr[]) {
  if (column === undefined) return merged.columns;
  if (merged.columns.some((existing) => existing.name === column)) {
    ctx.fail(legs[0]!, `withsource column '${column}' is already a column of the union's tables; choose another name`);
  }
  return [{ name: column, type: 'string' as ColumnType }, ...merged.columns];
}

/** Wires several inputs into one downstream sink that ends after the last of them ends. */
function unionSinks(parts: number, names: string[][], scopes: Scope[], downstream: Sink, source?: { column: string; values: string[] }): Sink[] {
  let ended = 0;
  return scopes.map((scope, index) => {
    const reads = scope.columns.map((column) => column.read);
    const outputNames = names[index]!;
    const sourceValue = source?.values[index];
    return {
      push: (f) => {
        const row: Record<string, unknown> = {};
        if (source !== undefined) row[source.column] = sourceValue;
        for (let i = 0; i < reads.length; i++) row[outputNames[i]!] = reads[i]!(f);
        downstream.push({ row, ext: [] });
      },
      end: () => {
        ended++;
        if (ended === parts) downstream.end();
      },
    };
  });
}

/** Compiles `union T1, (T2 | ...)` as the source of a pipeline; `withSource` names the column that records each row's leg. */
export function compileUnionSource(tables: TabularExpr[], lets: Map<string, LetBinding>, ctx: CompileContext, withSource?: string): CompiledTabular {
  const parts = tables.map((table) => compileTabular(table, lets, ctx));
  const scopes = parts.map((part) => part.scope);
  const merged = mergeColumns(scopes);
  const source = withSource === undefined ? undefined : { column: withSource, values: sourceNames(tables) };
  return {
    scope: Scope.ofRowColumns(withSourceColumn(merged, withSource, ctx, tables)),
    connect(downstream: Sink, inputs: InputRegistry) {
      const sinks = unionSinks(parts.length, merged.names, scopes, downstream, source);
      parts.forEach((part, i) => part.connect(sinks[i]!, inputs));
    },
  };
}

/** Compiles `| union T2, ...`: the upstream rows, then the other tables' rows, in one output. */
export function compileUnionOperator(upstream: Scope, tables: TabularExpr[], lets: Map<string, LetBinding>, ctx: CompileContext, withSource?: string) {
  const parts = tables.map((table) => compileTabular(table, lets, ctx));
  const scopes = [upstream, ...parts.map((part) => part.scope)];
  const merged = mergeColumns(scopes);
  // The piped input is leg 0, which has no name of its own.
  const source = withSource === undefined ? undefined : { column: withSource, values: sourceNames([undefined, ...tables]) };
  return {
    scope: Scope.ofRowColumns(withSourceColumn(merged, withSource, ctx, tables)),
    stage: (downstream: Sink, inputs: InputRegistry): Sink => {
      const sinks = unionSinks(scopes.length, merged.names, scopes, downstream, source);
      parts.forEach((part, i) => part.connect(sinks[i + 1]!, inputs));
      return sinks[0]!;
    },
  };
}

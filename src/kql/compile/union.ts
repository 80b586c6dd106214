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

/** Wires several inputs into one downstream sink that ends after the last of them ends. */
function unionSinks(parts: number, names: string[][], scopes: Scope[], downstream: Sink): Sink[] {
  let ended = 0;
  return scopes.map((scope, index) => {
    const reads = scope.columns.map((column) => column.read);
    const outputNames = names[index]!;
    return {
      push: (f) => {
        const row: Record<string, unknown> = {};
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

/** Compiles `union T1, (T2 | ...)` as the source of a pipeline. */
export function compileUnionSource(tables: TabularExpr[], lets: Map<string, LetBinding>, ctx: CompileContext): CompiledTabular {
  const parts = tables.map((table) => compileTabular(table, lets, ctx));
  const scopes = parts.map((part) => part.scope);
  const merged = mergeColumns(scopes);
  return {
    scope: Scope.ofRowColumns(merged.columns),
    connect(downstream: Sink, inputs: InputRegistry) {
      const sinks = unionSinks(parts.length, merged.names, scopes, downstream);
      parts.forEach((part, i) => part.connect(sinks[i]!, inputs));
    },
  };
}

/** Compiles `| union T2, ...`: the upstream rows, then the other tables' rows, in one output. */
export function compileUnionOperator(upstream: Scope, tables: TabularExpr[], lets: Map<string, LetBinding>, ctx: CompileContext) {
  const parts = tables.map((table) => compileTabular(table, lets, ctx));
  const scopes = [upstream, ...parts.map((part) => part.scope)];
  const merged = mergeColumns(scopes);
  return {
    scope: Scope.ofRowColumns(merged.columns),
    stage: (downstream: Sink, inputs: InputRegistry): Sink => {
      const sinks = unionSinks(scopes.length, merged.names, scopes, downstream);
      parts.forEach((part, i) => part.connect(sinks[i + 1]!, inputs));
      return sinks[0]!;
    },
  };
}

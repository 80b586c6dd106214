import type { TabularExpr, TabularSource } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import type { Frame, Sink } from '../runtime/frame.js';
import type { InputRegistry } from '../runtime/inputs.js';
import { didYouMean } from '../suggest.js';
import type { CompileContext, LetBinding } from './context.js';
import { compileExpr } from './expressions.js';
import { rowReader, Scope } from './scope.js';
import type { CompiledTabular } from './query.js';
import { compileUnionSource } from './union.js';

type CompileTabular = (expr: TabularExpr, lets: Map<string, LetBinding>, ctx: CompileContext) => CompiledTabular;

/** Pseudo-table whose end triggers sources that read no input (print, datatable). */
export const constantTable = '';

/** KQL type names, with their aliases, as columns and typed literals spell them. */
export const columnTypeNames: Record<string, ColumnType> = {
  string: 'string', bool: 'bool', boolean: 'bool', int: 'int', long: 'long', real: 'real', double: 'real',
  decimal: 'real', datetime: 'datetime', date: 'datetime', timespan: 'timespan', time: 'timespan', dynamic: 'dynamic', guid: 'guid',
};

/** Compiles the start of a pipeline: a table, a tabular `let`, a sub-query, `print` or `datatable`. */
export function compileSource(source: TabularSource, lets: Map<string, LetBinding>, ctx: CompileContext, compileTabular: CompileTabular): CompiledTabular {
  switch (source.kind) {
    case 'table': {
      const binding = lets.get(source.name);
      if (binding?.kind === 'tabular') return compileTabular(binding.query, binding.lets, ctx);
      const schema = ctx.options.tables.get(source.name);
      if (!schema) {
        const candidates = [...ctx.options.tables.keys(), ...[...lets.entries()].filter(([, b]) => b.kind === 'tabular').map(([n]) => n)];
        return ctx.fail(source, `unknown table '${source.name}'${didYouMean(source.name, candidates)}`);
      }
      const scope = new Scope(schema.map(([name, type]) => ({ name, type, read: rowReader(name, type) })));
      return { scope, connect: (downstream, inputs) => inputs.register(source.name, downstream) };
    }
    case 'subquery':
      return compileTabular(source.query, lets, ctx);
    case 'print': {
      const env = { scope: new Scope([]), lets, ctx };
      const outputs = source.assignments.map((assignment, index) => {
        const compiled = compileExpr(assignment.expr, env);
        return { name: assignment.name ?? `print_${index}`, type: compiled.type, eval: compiled.eval };
      });
      const scope = Scope.ofRowColumns(outputs);
      return {
        scope,
        connect: (downstream, inputs) => {
          const empty: Frame = { row: {}, ext: [] };
          const row: Record<string, unknown> = {};
          for (const output of outputs) row[output.name] = output.eval(empty);
          inputs.register(constantTable, emitAtEnd([row], downstream));
        },
      };
    }
    case 'datatable': {
      const columns = source.columns.map((column) => {
        const type = columnTypeNames[column.type];
        if (!type) ctx.fail(source, `unknown column type '${column.type}' in datatable`);
        return { name: column.name, type };
      });
      if (source.values.length % columns.length !== 0) {
        ctx.fail(source, `datatable has ${source.values.length} values, not a multiple of its ${columns.length} columns`);
      }
      const env = { scope: new Scope([]), lets, ctx };
      const empty: Frame = { row: {}, ext: [] };
      const rows: Array<Record<string, unknown>> = [];
      for (let i = 0; i < source.values.length; i += columns.length) {
        const row: Record<string, unknown> = {};
        columns.forEach((column, j) => {
          const expr = source.values[i + j]!;
          const compiled = compileExpr(expr, env);
          if (!compiled.constant) ctx.fail(expr, 'datatable values must be constants');
          row[column.name] = compiled.constant.value;
        });
        rows.push(row);
      }
      const scope = Scope.ofRowColumns(columns);
      return { scope, connect: (downstream, inputs) => inputs.register(constantTable, emitAtEnd(rows, downstream)) };
    }
    case 'union':
      return compileUnionSource(source.tables, lets, ctx, source.withSource);
  }
}

/** A sink that ignores pushes and emits fixed rows when the input ends. */
function emitAtEnd(rows: Array<Record<string, unknown>>, downstream: Sink): Sink {
  return {
    push: () => {},
    end: () => {
      for (const row of rows) downstream.push({ row: { ...row }, ext: [] });
      downstream.end();
    },
  };
}

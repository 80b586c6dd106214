import type { Assignment, Expr } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import type { Evaluator, Frame } from '../runtime/frame.js';
import { compileExpr, type ExprEnv } from './expressions.js';
import { assignmentName, constantCount, type CompiledOperator, type Stage } from './operators.js';
import { Scope, type Column } from './scope.js';
import { columnTypeNames } from './sources.js';

/** The elements mv-expand makes of one value: array items, one-property bags, or the value itself. */
function elementsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([key, item]) => ({ [key]: item }));
  return [value];
}

/** Converts an expanded element to the `to typeof(T)` type; a value that does not convert is null. */
function castElement(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'long':
    case 'int':
    case 'real': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (Number.isNaN(number)) return null;
      return type === 'real' ? number : Math.trunc(number);
    }
    case 'bool':
      return typeof value === 'boolean' ? value : null;
    default:
      return value;
  }
}

/**
 * Compiles `mv-expand [with_itemindex=I] Col [to typeof(T)], ... [limit N]`: each row becomes one
 * row per element of the expanded arrays (or property of a bag). Several columns expand in
 * parallel; the shorter ones give null. A row whose arrays are all empty produces no row.
 */
export function compileMvExpand(assignments: Assignment[], limitExpr: Expr | undefined, itemIndex: string | undefined, env: ExprEnv): CompiledOperator {
  let scope = env.scope;
  let slot = scope.slotCount;
  const columns = [...scope.columns];
  const expansions: Array<{ read: Evaluator; slot: number; type: ColumnType | undefined }> = [];
  assignments.forEach((assignment, index) => {
    const compiled = compileExpr(assignment.expr, env);
    if (compiled.type !== 'dynamic') env.ctx.fail(assignment.expr, `mv-expand needs a dynamic array or property bag, found ${compiled.type}`);
    let type: ColumnType | undefined;
    if (assignment.typeName) {
      type = columnTypeNames[assignment.typeName];
      if (!type) env.ctx.fail(assignment, `unknown type '${assignment.typeName}' in typeof(...)`);
    }
    const name = assignmentName(assignment, index, new Set(scope.names()));
    const slotIndex = slot++;
    expansions.push({ read: compiled.eval, slot: slotIndex, type });
    const column: Column = { name, type: type ?? 'dynamic', read: (f) => f.ext[slotIndex] };
    const existing = columns.findIndex((c) => c.name === name);
    if (existing >= 0) columns[existing] = column;
    else columns.push(column);
  });
  let indexSlot = -1;
  if (itemIndex !== undefined) {
    indexSlot = slot++;
    const at = indexSlot;
    columns.push({ name: itemIndex, type: 'long', read: (f) => f.ext[at] });
  }
  scope = new Scope(columns, slot);
  const limit = limitExpr ? constantCount(limitExpr, env, 'mv-expand limit') : Infinity;

  const stage: Stage = (downstream) => ({
    push: (f: Frame) => {
      const lists = expansions.map((expansion) => elementsOf(expansion.read(f)));
      let length = 0;
      for (const list of lists) if (list.length > length) length = list.length;
      if (length > limit) length = limit;
      for (let i = 0; i < length; i++) {
        const ext = f.ext.slice();
        for (let j = 0; j < expansions.length; j++) {
          const expansion = expansions[j]!;
          const element = i < lists[j]!.length ? lists[j]![i] : null;
          ext[expansion.slot] = expansion.type ? castElement(element, expansion.type) : element ?? null;
        }
        if (indexSlot >= 0) ext[indexSlot] = i;
        downstream.push({ row: f.row, ext });
      }
    },
    end: () => downstream.end(),
  });
  return { scope, stage };
}

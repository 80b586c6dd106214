import type { Expr, TabularExpr } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import { compositeKey } from '../functions/groupKey.js';
import type { Evaluator, Frame, Sink } from '../runtime/frame.js';
import { isNumeric } from '../values.js';
import type { CompileContext, LetBinding } from './context.js';
import type { CompiledOperator, Stage } from './operators.js';
import { compileTabular } from './query.js';
import { Scope, type Column } from './scope.js';

/** Join kinds this engine runs; `anti` and `semi` spellings are KQL's aliases of the left forms. */
const joinKinds = new Map([
  ['innerunique', 'innerunique'], ['inner', 'inner'], ['leftouter', 'leftouter'], ['rightouter', 'rightouter'],
  ['fullouter', 'fullouter'], ['leftsemi', 'leftsemi'], ['leftanti', 'leftanti'], ['anti', 'leftanti'],
  ['leftantisemi', 'leftanti'], ['rightsemi', 'rightsemi'], ['rightanti', 'rightanti'], ['rightantisemi', 'rightanti'],
]);

interface KeyPair {
  left: Column;
  right: Column;
}

/** Reads `$left.X` or `$right.X`, returning the side and the column name. */
function sideReference(expr: Expr): { side: '$left' | '$right'; name: string } | undefined {
  if (expr.kind === 'member' && expr.target.kind === 'name' && (expr.target.name === '$left' || expr.target.name === '$right')) {
    return { side: expr.target.name, name: expr.member };
  }
  return undefined;
}

function splitAnd(expr: Expr): Expr[] {
  if (expr.kind === 'binary' && expr.op === 'and') return [...splitAnd(expr.left), ...splitAnd(expr.right)];
  return [expr];
}

/** Resolves the `on` clause: `Key`, or `$left.A == $right.B`, combined with commas or `and`. */
function joinKeys(on: Expr[], left: Scope, right: Scope, ctx: CompileContext): KeyPair[] {
  const pairs: KeyPair[] = [];
  const column = (scope: Scope, name: string, side: string, span: Expr): Column => {
    const found = scope.get(name);
    if (!found) ctx.fail(span, `unknown column '${name}' on the ${side} side of join`);
    return found;
  };
  for (const term of on.flatMap(splitAnd)) {
    if (term.kind === 'name') {
      pairs.push({ left: column(left, term.name, 'left', term), right: column(right, term.name, 'right', term) });
      continue;
    }
    if (term.kind === 'binary' && term.op === '==') {
      const a = sideReference(term.left);
      const b = sideReference(term.right);
      if (a && b && a.side !== b.side) {
        const l = a.side === '$left' ? a : b;
        const r = a.side === '$left' ? b : a;
        const lSpan = a.side === '$left' ? term.left : term.right;
        const rSpan = a.side === '$left' ? term.right : term.left;
        pairs.push({ left: column(left, l.name, 'left', lSpan), right: column(right, r.name, 'right', rSpan) });
        continue;
      }
    }
    ctx.fail(term, "join 'on' takes column names or $left.Column == $right.Column terms");
  }
  for (const pair of pairs) {
    const a = pair.left.type;
    const b = pair.right.type;
    if (a !== b && !(isNumeric(a) && isNumeric(b))) {
      ctx.fail(on[0]!, `join key '${pair.left.name}' is ${a} on the left but '${pair.right.name}' is ${b} on the right`);
    }
  }
  return pairs;
}

/** Output names for the right side: a name the left side already has gets a numeric suffix, as KQL does. */
function rightOutputNames(left: Scope, right: Scope): string[] {
  const taken = new Set(left.names());
  return right.columns.map((column) => {
    let name = column.name;
    for (let n = 1; taken.has(name); n++) name = `${column.name}${n}`;
    taken.add(name);
    return name;
  });
}

interface Buffered {
  key: unknown;
  values: unknown[];
}

function keyReader(reads: Evaluator[]): (frame: Frame) => unknown {
  if (reads.length === 1) {
    const read = reads[0]!;
    return (frame) => {
      const value = read(frame);
      return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
    };
  }
  const scratch: unknown[] = new Array(reads.length);
  return (frame) => {
    for (let i = 0; i < reads.length; i++) {
      const value = reads[i]!(frame);
      // NOTE: a null in any key part makes the row match nothing, as in SQL; not checked against Kusto.
      if (value === null || value === undefined) return null;
      scratch[i] = value;
    }
    return compositeKey(scratch);
  };
}

/**
 * Compiles `join kind=K (Right) on Keys`. Both sides are buffered; the join runs when both have
 * ended, so a right side that reads the same table as the left works from the same single read.
 */
export function compileJoin(
  op: { joinKind: string; right: TabularExpr; on: Expr[]; start: number; end: number },
  leftScope: Scope,
  lets: Map<string, LetBinding>,
  ctx: CompileContext,
): CompiledOperator {
  const kind = joinKinds.get(op.joinKind);
  if (!kind) ctx.fail(op, `unknown join kind '${op.joinKind}': use inner, innerunique, leftouter, rightouter, fullouter, leftsemi, leftanti, rightsemi or rightanti`);
  const right = compileTabular(op.right, lets, ctx);
  const pairs = joinKeys(op.on, leftScope, right.scope, ctx);
  const leftKey = keyReader(pairs.map((pair) => pair.left.read));
  const rightKey = keyReader(pairs.map((pair) => pair.right.read));
  const leftReads = leftScope.columns.map((column) => column.read);
  const rightReads = right.scope.columns.map((column) => column.read);

  const leftOnly = kind === 'leftsemi' || kind === 'leftanti';
  const rightOnly = kind === 'rightsemi' || kind === 'rightanti';
  const rightNames = rightOutputNames(leftScope, right.scope);
  const outputColumns: Array<{ name: string; type: ColumnType }> = [];
  if (!rightOnly) outputColumns.push(...leftScope.columns.map(({ name, type }) => ({ name, type })));
  if (!leftOnly) outputColumns.push(...right.scope.columns.map(({ type }, i) => ({ name: rightOnly ? right.scope.columns[i]!.name : rightNames[i]!, type })));
  const leftNames = leftScope.names();
  const rightOutput = rightOnly ? right.scope.names() : rightNames;

  const stage: Stage = (downstream, inputs) => {
    const leftRows: Buffered[] = [];
    const rightRows: Buffered[] = [];
    let ended = 0;

    const emit = (l: unknown[] | null, r: unknown[] | null): void => {
      const row: Record<string, unknown> = {};
      if (!rightOnly) for (let i = 0; i < leftNames.length; i++) row[leftNames[i]!] = l ? l[i] : null;
      if (!leftOnly) for (let i = 0; i < rightOutput.length; i++) row[rightOutput[i]!] = r ? r[i] : null;
      downstream.push({ row, ext: [] });
    };

    const finish = (): void => {
      const rightByKey = new Map<unknown, Buffered[]>();
      for (const item of rightRows) {
        if (item.key === null || item.key === undefined) continue;
        const list = rightByKey.get(item.key);
        if (list) list.push(item);
        else rightByKey.set(item.key, [item]);
      }
      const matchedRight = new Set<Buffered>();
      const seenLeftKeys = new Set<unknown>();
      for (const item of leftRows) {
        if (kind === 'innerunique') {
          // innerunique keeps one left row per key before joining.
          if (seenLeftKeys.has(item.key)) continue;
          seenLeftKeys.add(item.key);
        }
        const matches = item.key === null || item.key === undefined ? undefined : rightByKey.get(item.key);
        if (kind === 'leftsemi') {
          if (matches) emit(item.values, null);
          continue;
        }
        if (kind === 'leftanti') {
          if (!matches) emit(item.values, null);
          continue;
        }
        if (matches) {
          for (const match of matches) {
            matchedRight.add(match);
            if (kind !== 'rightsemi' && kind !== 'rightanti') emit(item.values, match.values);
          }
        } else if (kind === 'leftouter' || kind === 'fullouter') {
          emit(item.values, null);
        }
      }
      if (kind === 'rightsemi' || kind === 'rightanti' || kind === 'rightouter' || kind === 'fullouter') {
        for (const item of rightRows) {
          const matched = matchedRight.has(item);
          if (kind === 'rightsemi' && matched) emit(null, item.values);
          if ((kind === 'rightanti' || kind === 'rightouter' || kind === 'fullouter') && !matched) emit(null, item.values);
        }
      }
      downstream.end();
    };
    const onEnd = (): void => {
      ended++;
      if (ended === 2) finish();
    };

    const rightSink: Sink = {
      push: (f) => rightRows.push({ key: rightKey(f), values: rightReads.map((read) => read(f)) }),
      end: onEnd,
    };
    right.connect(rightSink, inputs);
    return {
      push: (f) => leftRows.push({ key: leftKey(f), values: leftReads.map((read) => read(f)) }),
      end: onEnd,
    };
  };
  return { scope: Scope.ofRowColumns(outputColumns), stage };
}

import type { Expr } from '../ast.js';
import type { LetBinding } from './context.js';
import type { Scope } from './scope.js';

/**
 * Recognition of a rule's lookback, the `where` terms that compare event time with ago() or
 * now(). In lookback mode 'ignore' those terms are dropped so that a scan of old files
 * evaluates every event. The analysis reads only the syntax tree and the `let` bindings, so it
 * never depends on the clock value.
 */

/** Names visible where an expression is analysed: the pipeline's columns and the query's `let`s. */
export interface ClockNames {
  scope: Scope;
  lets: Map<string, LetBinding>;
}

/**
 * Splits a predicate into its top-level `and` terms, so that a lookback term such as
 * `Timestamp > ago(24h)` can be dropped without touching the rest.
 */
export function conjuncts(expr: Expr): Expr[] {
  if (expr.kind === 'binary' && expr.op === 'and') return [...conjuncts(expr.left), ...conjuncts(expr.right)];
  return [expr];
}

/** True when `name`, read where `names` is visible, is a scalar `let` whose value reads the clock. */
export function isClockLet(name: string, names: ClockNames): boolean {
  // A column hides a `let` of the same name, as compileName resolves it.
  if (names.scope.get(name)) return false;
  const binding = names.lets.get(name);
  return binding?.kind === 'scalar' && binding.readsClock;
}

/**
 * True when `expr` calls ago() or now(), or names a scalar `let` whose value does, at any depth.
 * Because each `let` records this when it is bound, a chain such as `let span = 1d;
 * let start = ago(span); let end = start + 1h;` is followed to the end.
 */
export function readsClock(expr: Expr, names: ClockNames): boolean {
  switch (expr.kind) {
    case 'call':
      return expr.name === 'ago' || expr.name === 'now' || expr.args.some((arg) => readsClock(arg, names));
    case 'name':
      return isClockLet(expr.name, names);
    case 'binary':
      return readsClock(expr.left, names) || readsClock(expr.right, names);
    case 'between':
      return readsClock(expr.left, names) || readsClock(expr.low, names) || readsClock(expr.high, names);
    case 'unary':
      return readsClock(expr.operand, names);
    case 'list':
      return readsClock(expr.left, names) || expr.items.some((item) => readsClock(item, names));
    case 'member':
      return readsClock(expr.target, names);
    case 'index':
      return readsClock(expr.target, names) || readsClock(expr.index, names);
    case 'literal':
    case 'dynamic':
      return false;
  }
}

const orderingOperators = new Set(['>', '>=', '<', '<=', '==']);

/**
 * True when a top-level `where` term is a lookback: a comparison or `between` that reads the
 * clock, as in `Timestamp > ago(1d)`, `Timestamp between (start .. now())` or
 * `Timestamp >= lookback` with `let lookback = ago(1d);`.
 */
export function isLookbackTerm(expr: Expr, names: ClockNames): boolean {
  const comparison = (expr.kind === 'binary' && orderingOperators.has(expr.op)) || expr.kind === 'between';
  return comparison && readsClock(expr, names);
}

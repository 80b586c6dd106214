import type { CallExpr } from '../ast.js';
import type { Compiled } from '../compile/context.js';
import type { ExprEnv } from '../compile/expressions.js';

/** Where a function is called: the call node (for error positions) and the names in scope. */
export interface CallSite {
  call: CallExpr;
  env: ExprEnv;
}

/** A scalar function: argument count bounds and a compiler from compiled arguments to a closure. */
export interface FunctionDefinition {
  name: string;
  minArgs: number;
  maxArgs: number;
  /** True when repeated calls may differ, so constant arguments must not fold it (none so far: now() is fixed per query). */
  volatile?: boolean;
  /** Compiles from compiled arguments; checks their types and fails at the call site. */
  compile?(args: Compiled[], site: CallSite): Compiled;
  /** Compiles from the syntax tree, for functions whose arguments are not plain values. */
  compileRaw?(call: CallExpr, env: ExprEnv): Compiled;
}

/** Fails at argument `index` unless its type is one of `types`. */
export function expectArgType(site: CallSite, args: Compiled[], index: number, ...types: string[]): void {
  const type = args[index]!.type;
  if (type === 'dynamic' || types.includes(type)) return;
  site.env.ctx.fail(site.call.args[index]!, `argument ${index + 1} of ${site.call.name}() must be ${types.join(' or ')}, found ${type}`);
}

import type { ColumnType } from '../../schema/types.js';
import type { Compiled } from '../compile/context.js';
import type { Frame } from '../runtime/frame.js';
import { toKqlString } from '../values.js';
import { expectArgType, type CallSite, type FunctionDefinition } from './definition.js';

/**
 * What an argument accepts: 'text' takes any scalar and passes its tostring() form, 'any' passes
 * the value as is, and a list of types is checked at compile time (dynamic always passes).
 */
export type ArgSpec = 'text' | 'any' | ColumnType[];

/** Result type of a function: fixed, or computed from the compiled arguments. */
export type ResultType = ColumnType | ((args: Compiled[], site: CallSite) => ColumnType);

type Apply = (...values: unknown[]) => unknown;

/**
 * Defines a scalar function from a plain implementation over argument values. Argument types are
 * checked at compile time and each failure names the argument. `prepare` may turn constant
 * arguments into a faster implementation once (a compiled regular expression, say).
 */
export function simpleFunction(
  name: string,
  specs: ArgSpec[],
  minArgs: number,
  result: ResultType,
  apply: Apply,
  prepare?: (args: Compiled[], site: CallSite) => Apply | undefined,
): FunctionDefinition {
  return {
    name,
    minArgs,
    maxArgs: specs.length,
    compile(args, site) {
      const readers = args.map((arg, index) => {
        const spec = specs[index]!;
        if (Array.isArray(spec)) expectArgType(site, args, index, ...spec);
        const read = arg.eval;
        if (spec === 'text') {
          const type = arg.type;
          return type === 'string' ? (f: Frame) => (read(f) as string) ?? '' : (f: Frame) => toKqlString(read(f), type);
        }
        return read;
      });
      const type = typeof result === 'function' ? result(args, site) : result;
      const run = prepare?.(args, site) ?? apply;
      switch (readers.length) {
        case 0:
          return { type, eval: () => run() };
        case 1: {
          const [a] = readers as [(f: Frame) => unknown];
          return { type, eval: (f) => run(a(f)) };
        }
        case 2: {
          const [a, b] = readers as [(f: Frame) => unknown, (f: Frame) => unknown];
          return { type, eval: (f) => run(a(f), b(f)) };
        }
        case 3: {
          const [a, b, c] = readers as [(f: Frame) => unknown, (f: Frame) => unknown, (f: Frame) => unknown];
          return { type, eval: (f) => run(a(f), b(f), c(f)) };
        }
        default:
          return { type, eval: (f) => run(...readers.map((read) => read(f))) };
      }
    },
  };
}

export const numeric: ColumnType[] = ['int', 'long', 'real'];

/** The first argument's type, for functions whose result has the type of their input. */
export const sameAsFirst = (args: Compiled[]): ColumnType => args[0]!.type;

export const isNullish = (value: unknown): value is null | undefined => value === null || value === undefined;

import type { ColumnType } from '../../schema/types.js';
import { constant, type Compiled } from '../compile/context.js';
import type { Frame } from '../runtime/frame.js';
import { isNumeric, toKqlString } from '../values.js';
import { parseDatetime } from '../datetime.js';
import { parseTimespan } from '../timespan.js';
import { expectArgType, type CallSite, type FunctionDefinition } from './definition.js';

/** The common type of branch values (case, iff, coalesce): numeric types widen, others must match. */
function commonType(site: CallSite, values: Compiled[], indexes: number[]): ColumnType {
  let type = values[0]!.type;
  values.forEach((value, i) => {
    if (value.type === type) return;
    if (isNumeric(value.type) && isNumeric(type)) {
      type = value.type === 'real' || type === 'real' ? 'real' : 'long';
      return;
    }
    if (value.type === 'dynamic' || type === 'dynamic') {
      type = 'dynamic';
      return;
    }
    site.env.ctx.fail(site.call.args[indexes[i]!]!, `${site.call.name}() branches must have one type: found ${type} and ${value.type}`);
  });
  return type;
}

const caseFunction: FunctionDefinition = {
  name: 'case',
  minArgs: 3,
  maxArgs: Infinity,
  compile(args, site) {
    if (args.length % 2 === 0) site.env.ctx.fail(site.call, 'case() takes pairs of predicate and value, then an else value');
    const predicates: Array<(f: Frame) => unknown> = [];
    const values: Compiled[] = [];
    const valueIndexes: number[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) {
      expectArgType(site, args, i, 'bool');
      predicates.push(args[i]!.eval);
      values.push(args[i + 1]!);
      valueIndexes.push(i + 1);
    }
    values.push(args[args.length - 1]!);
    valueIndexes.push(args.length - 1);
    const type = commonType(site, values, valueIndexes);
    const reads = values.map((value) => value.eval);
    const elseRead = reads[reads.length - 1]!;
    return {
      type,
      eval: (f) => {
        for (let i = 0; i < predicates.length; i++) if (predicates[i]!(f) === true) return reads[i]!(f);
        return elseRead(f);
      },
    };
  },
};

const iffFunction = (name: string): FunctionDefinition => ({
  name,
  minArgs: 3,
  maxArgs: 3,
  compile(args, site) {
    expectArgType(site, args, 0, 'bool');
    const type = commonType(site, [args[1]!, args[2]!], [1, 2]);
    const [test, ifTrue, ifFalse] = args.map((arg) => arg.eval) as [(f: Frame) => unknown, (f: Frame) => unknown, (f: Frame) => unknown];
    return { type, eval: (f) => (test(f) === true ? ifTrue(f) : ifFalse(f)) };
  },
});

const notFunction: FunctionDefinition = {
  name: 'not',
  minArgs: 1,
  maxArgs: 1,
  compile(args, site) {
    expectArgType(site, args, 0, 'bool');
    const read = args[0]!.eval;
    return {
      type: 'bool',
      eval: (f) => {
        const value = read(f);
        return value === null || value === undefined ? null : !value;
      },
    };
  },
};

const agoFunction: FunctionDefinition = {
  name: 'ago',
  minArgs: 1,
  maxArgs: 1,
  compile(args, site) {
    expectArgType(site, args, 0, 'timespan');
    const now = site.env.ctx.options.now;
    const read = args[0]!.eval;
    return { type: 'datetime', eval: (f) => { const span = read(f); return typeof span === 'number' ? now - span : null; } };
  },
};

const nowFunction: FunctionDefinition = {
  name: 'now',
  minArgs: 0,
  maxArgs: 1,
  compile(args, site) {
    const now = site.env.ctx.options.now;
    if (args.length === 0) return constant('datetime', now);
    expectArgType(site, args, 0, 'timespan');
    const read = args[0]!.eval;
    return { type: 'datetime', eval: (f) => { const span = read(f); return typeof span === 'number' ? now + span : null; } };
  },
};

function stringFunction(name: string, type: ColumnType, apply: (text: string) => unknown): FunctionDefinition {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    compile(args) {
      const read = args[0]!.eval;
      const argType = args[0]!.type;
      return { type, eval: (f) => apply(toKqlString(read(f), argType)) };
    },
  };
}

const strcatFunction: FunctionDefinition = {
  name: 'strcat',
  minArgs: 1,
  maxArgs: 64,
  compile(args) {
    const parts = args.map((arg) => ({ read: arg.eval, type: arg.type }));
    return {
      type: 'string',
      eval: (f) => {
        let text = '';
        for (const part of parts) text += toKqlString(part.read(f), part.type);
        return text;
      },
    };
  },
};

function emptiness(name: string, wantEmpty: boolean): FunctionDefinition {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    compile(args) {
      const read = args[0]!.eval;
      return {
        type: 'bool',
        eval: (f) => {
          const value = read(f);
          const empty = value === null || value === undefined || value === '';
          return empty === wantEmpty;
        },
      };
    },
  };
}

function nullness(name: string, wantNull: boolean): FunctionDefinition {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    compile(args) {
      const read = args[0]!.eval;
      // Strings are never null in KQL, so isnull("") is false.
      return { type: 'bool', eval: (f) => { const value = read(f); return (value === null || value === undefined) === wantNull; } };
    },
  };
}

function converter(name: string, type: ColumnType, convert: (value: unknown, from: ColumnType) => unknown): FunctionDefinition {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    compile(args) {
      const read = args[0]!.eval;
      const from = args[0]!.type;
      return { type, eval: (f) => { const value = read(f); return value === null || value === undefined ? (type === 'string' ? '' : null) : convert(value, from); } };
    },
  };
}

function toNumber(value: unknown, integer: boolean): number | null {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'boolean') number = value ? 1 : 0;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    number = /^[+-]?0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : Number(text);
  } else return null;
  if (Number.isNaN(number)) return null;
  return integer ? Math.trunc(number) : number;
}

function toBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
  }
  return null;
}

const coalesceFunction: FunctionDefinition = {
  name: 'coalesce',
  minArgs: 2,
  maxArgs: 64,
  compile(args, site) {
    const type = commonType(site, args, args.map((_, i) => i));
    const reads = args.map((arg) => arg.eval);
    return {
      type,
      eval: (f) => {
        for (const read of reads) {
          const value = read(f);
          if (value !== null && value !== undefined && value !== '') return value;
        }
        return type === 'string' ? '' : null;
      },
    };
  },
};

/** Functions of the KQL core: conditionals, time, null tests, basic strings and conversions. */
export const coreFunctions: FunctionDefinition[] = [
  caseFunction,
  iffFunction('iff'),
  iffFunction('iif'),
  notFunction,
  agoFunction,
  nowFunction,
  stringFunction('tolower', 'string', (text) => text.toLowerCase()),
  stringFunction('toupper', 'string', (text) => text.toUpperCase()),
  stringFunction('strlen', 'long', (text) => text.length),
  strcatFunction,
  emptiness('isempty', true),
  emptiness('isnotempty', false),
  nullness('isnull', true),
  nullness('isnotnull', false),
  coalesceFunction,
  converter('tostring', 'string', (value, from) => toKqlString(value, from)),
  converter('toint', 'int', (value) => toNumber(value, true)),
  converter('tolong', 'long', (value) => toNumber(value, true)),
  converter('toreal', 'real', (value) => toNumber(value, false)),
  converter('todouble', 'real', (value) => toNumber(value, false)),
  converter('tobool', 'bool', toBool),
  converter('toboolean', 'bool', toBool),
  converter('todatetime', 'datetime', (value) => (typeof value === 'number' ? value : typeof value === 'string' ? parseDatetime(value) : null)),
  converter('totimespan', 'timespan', (value) => (typeof value === 'number' ? value : typeof value === 'string' ? parseTimespan(value) : null)),
];

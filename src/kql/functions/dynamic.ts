import type { FunctionDefinition } from './definition.js';
import { dynamicEquals, dynamicTypeOf, toKqlString } from '../values.js';
import { numeric, simpleFunction } from './simple.js';

/**
 * todynamic/parse_json: JSON text becomes its value; text that is not JSON stays a string
 * value, and a value that is already dynamic passes through.
 */
function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

const isBag = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const parseJsonDefinition = (name: string): FunctionDefinition => ({
  name,
  minArgs: 1,
  maxArgs: 1,
  compile(args) {
    const read = args[0]!.eval;
    // A typed argument that is not a string is already a scalar value, not JSON text.
    if (args[0]!.type !== 'string' && args[0]!.type !== 'dynamic') return { type: 'dynamic', eval: read };
    return { type: 'dynamic', eval: (f) => parseJson(read(f)) };
  },
});

const gettypeFunction: FunctionDefinition = {
  name: 'gettype',
  minArgs: 1,
  maxArgs: 1,
  compile(args) {
    const type = args[0]!.type;
    const read = args[0]!.eval;
    if (type !== 'dynamic') return { type: 'string', eval: () => type };
    return { type: 'string', eval: (f) => dynamicTypeOf(read(f)) };
  },
};

function arraySlice(value: unknown, start: unknown, end: unknown): unknown {
  if (!Array.isArray(value) || typeof start !== 'number' || typeof end !== 'number') return null;
  const from = start < 0 ? value.length + start : start;
  const to = (end < 0 ? value.length + end : end) + 1;
  return value.slice(Math.max(0, from), Math.max(0, to));
}

function round(value: unknown, digits: unknown): number | null {
  if (typeof value !== 'number') return null;
  const places = typeof digits === 'number' ? Math.trunc(digits) : 0;
  const scale = 10 ** places;
  // Math.round rounds halves up; KQL rounds halves away from zero.
  return (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale;
}

/** Functions over dynamic values (arrays and property bags), plus gettype() and round(). */
export const dynamicFunctions: FunctionDefinition[] = [
  parseJsonDefinition('todynamic'),
  parseJsonDefinition('parse_json'),
  simpleFunction('array_length', ['any'], 1, 'long', (value) => (Array.isArray(value) ? value.length : null)),
  simpleFunction('set_has_element', ['any', 'any'], 2, 'bool', (set, value) => (Array.isArray(set) ? set.some((item) => dynamicEquals(item, value)) : null)),
  simpleFunction('array_index_of', ['any', 'any'], 2, 'long', (array, value) => (Array.isArray(array) ? array.findIndex((item) => dynamicEquals(item, value)) : null)),
  simpleFunction('array_slice', ['any', numeric, numeric], 3, 'dynamic', arraySlice),
  simpleFunction('array_concat', Array(16).fill('any'), 1, 'dynamic', (...arrays) => (arrays.every(Array.isArray) ? (arrays as unknown[][]).flat(1) : null)),
  simpleFunction('strcat_array', ['any', 'text'], 2, 'string', (array, delimiter) => (Array.isArray(array) ? array.map((item) => toKqlString(item, 'dynamic')).join(delimiter as string) : '')),
  simpleFunction('bag_keys', ['any'], 1, 'dynamic', (value) => (isBag(value) ? Object.keys(value) : null)),
  simpleFunction('bag_has_key', ['any', 'text'], 2, 'bool', (value, key) => (isBag(value) ? Object.prototype.hasOwnProperty.call(value, key as string) : null)),
  gettypeFunction,
  simpleFunction('round', [numeric, numeric], 1, 'real', round),
];

/** pack_array(v1, ...): the values as one dynamic array; pack/bag_pack(k1, v1, ...): a property bag. */
export const packFunctions: FunctionDefinition[] = [
  {
    name: 'pack_array',
    minArgs: 1,
    maxArgs: 64,
    compile(args) {
      const reads = args.map((arg) => arg.eval);
      return { type: 'dynamic', eval: (f) => reads.map((read) => read(f) ?? null) };
    },
  },
  ...['pack', 'bag_pack'].map((name): FunctionDefinition => ({
    name,
    minArgs: 2,
    maxArgs: 64,
    compile(args, site) {
      if (args.length % 2 !== 0) site.env.ctx.fail(site.call, `${name}() takes pairs of key and value`);
      const reads = args.map((arg) => arg.eval);
      return {
        type: 'dynamic',
        eval: (f) => {
          const bag: Record<string, unknown> = {};
          for (let i = 0; i < reads.length; i += 2) bag[toKqlString(reads[i]!(f), args[i]!.type)] = reads[i + 1]!(f) ?? null;
          return bag;
        },
      };
    },
  })),
];

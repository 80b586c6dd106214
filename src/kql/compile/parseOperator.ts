import type { Expr, ParsePart } from '../ast.js';
import type { ColumnType } from '../../schema/types.js';
import { parseDatetime } from '../datetime.js';
import type { Frame } from '../runtime/frame.js';
import { parseTimespan } from '../timespan.js';
import { toKqlString } from '../values.js';
import { compileExpr, compileRegexPattern, type ExprEnv } from './expressions.js';
import type { CompiledOperator, Stage } from './operators.js';
import { Scope, type Column } from './scope.js';
import { columnTypeNames } from './sources.js';

/** The sub-pattern a typed column captures in simple mode; other types capture any text. */
const typedCaptures: Partial<Record<ColumnType, string>> = {
  int: '(-?\\d+)',
  long: '(-?\\d+)',
  real: '(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)',
  bool: '([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])',
};

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Converts captured text to a column type; undefined when it does not convert. */
function convertCapture(text: string, type: ColumnType): unknown {
  switch (type) {
    case 'string':
      return text;
    case 'int':
    case 'long': {
      const value = Number(text);
      return Number.isInteger(value) ? value : undefined;
    }
    case 'real': {
      const value = Number(text);
      return text.trim() === '' || Number.isNaN(value) ? undefined : value;
    }
    case 'bool':
      return text.toLowerCase() === 'true' ? true : text.toLowerCase() === 'false' ? false : undefined;
    case 'datetime':
      return parseDatetime(text) ?? undefined;
    case 'timespan':
      return parseTimespan(text) ?? undefined;
    case 'dynamic':
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/**
 * Compiles `parse [kind=simple|regex|relaxed] Source with Pattern`. The pattern becomes one
 * regular expression anchored at the start: constant strings match literally (kind=simple) or as
 * regular expressions (kind=regex), each column captures lazily, and a column that ends the
 * pattern takes the rest of the text. A row that does not match keeps its columns and gets empty
 * (string) or null values in the new ones.
 */
export function compileParse(op: { kindOption: 'simple' | 'regex' | 'relaxed'; source: Expr; pattern: ParsePart[] }, env: ExprEnv): CompiledOperator {
  const source = compileExpr(op.source, env);
  const sourceType = source.type;
  const readSource = source.eval;
  let regexText = '^';
  const captures: Array<{ name: string; type: ColumnType }> = [];
  op.pattern.forEach((part, index) => {
    const last = index === op.pattern.length - 1;
    if (part.kind === 'text') {
      regexText += op.kindOption === 'regex' ? part.text : escapeRegex(part.text);
      return;
    }
    if (part.name === '*') {
      regexText += last ? '.*' : '.*?';
      return;
    }
    let type: ColumnType = 'string';
    if (part.type) {
      const known = columnTypeNames[part.type];
      if (!known) env.ctx.fail(part.span, `unknown type '${part.type}' for parse column '${part.name}'`);
      type = known;
    }
    captures.push({ name: part.name, type });
    regexText += typedCaptures[type] ?? (last ? '(.*)' : '(.*?)');
  });
  if (op.pattern[op.pattern.length - 1]?.kind === 'column') regexText += '$';
  const regex = compileRegexPattern(regexText, op.source, env);
  // NOTE: kind=relaxed is run as kind=simple: a row with a capture that fails its type gets nulls in every new column.

  let slot = env.scope.slotCount;
  const columns: Column[] = [...env.scope.columns];
  const slots: number[] = [];
  for (const capture of captures) {
    const at = slot++;
    slots.push(at);
    const column: Column = { name: capture.name, type: capture.type, read: (f) => f.ext[at] };
    const existing = columns.findIndex((c) => c.name === capture.name);
    if (existing >= 0) columns[existing] = column;
    else columns.push(column);
  }
  const scope = new Scope(columns, slot);
  const empty = captures.map((capture) => (capture.type === 'string' ? '' : null));

  const stage: Stage = (downstream) => ({
    push: (f: Frame) => {
      const text = toKqlString(readSource(f), sourceType);
      const match = regex.exec(text);
      let values: unknown[] = empty;
      if (match) {
        const converted: unknown[] = [];
        for (let i = 0; i < captures.length; i++) {
          const value = convertCapture(match[i + 1] ?? '', captures[i]!.type);
          if (value === undefined) break;
          converted.push(value);
        }
        if (converted.length === captures.length) values = converted;
      }
      for (let i = 0; i < slots.length; i++) f.ext[slots[i]!] = values[i];
      downstream.push(f);
    },
    end: () => downstream.end(),
  });
  return { scope, stage };
}

import type { Span } from '../ast.js';
import { KqlError } from '../errors.js';
import type { TableSchema, ColumnType } from '../../schema/types.js';
import type { Evaluator } from '../runtime/frame.js';
import type { TabularExpr } from '../ast.js';

/** A compiled scalar expression: its static type and how to evaluate it. */
export interface Compiled {
  type: ColumnType;
  eval: Evaluator;
  /** Set when the value is known at compile time (literals, lets, ago(), folded calls). */
  constant?: { value: unknown };
}

/** The value or tabular expression a `let` name is bound to. */
export type LetBinding = { kind: 'scalar'; compiled: Compiled } | { kind: 'tabular'; query: TabularExpr; lets: Map<string, LetBinding> };

/** Treatment of time filters when a scan reads files written long ago. */
export type LookbackMode = 'apply' | 'ignore';

export interface CompileOptions {
  /** Tables a query may name, with their columns. */
  tables: ReadonlyMap<string, TableSchema>;
  /** The query's clock for now() and ago(): milliseconds since epoch. */
  now: number;
  /**
   * 'ignore' drops `where` conditions that compare a datetime with ago() or now(), so a scan of
   * old files evaluates every event; the dropped conditions are listed in `ignoredLookback`.
   */
  lookback: LookbackMode;
  /** File name for error messages. */
  sourceName?: string;
}

/** State shared while one query compiles. */
export class CompileContext {
  readonly ignoredLookback: string[] = [];

  constructor(
    readonly text: string,
    readonly options: CompileOptions,
  ) {}

  fail(span: Span, message: string): never {
    throw new KqlError(this.text, span.start, Math.max(1, span.end - span.start), message, this.options.sourceName);
  }

  sourceText(span: Span): string {
    return this.text.slice(span.start, span.end).replace(/\s+/g, ' ');
  }
}

/** Wraps a constant value of `type` as a compiled expression. */
export function constant(type: ColumnType, value: unknown): Compiled {
  return { type, eval: () => value, constant: { value } };
}

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

/**
 * The value or tabular expression a `let` name is bound to. `readsClock` is set on a scalar whose
 * expression calls ago() or now(), directly or through another `let`.
 */
export type LetBinding =
  | { kind: 'scalar'; compiled: Compiled; readsClock: boolean }
  | { kind: 'tabular'; query: TabularExpr; lets: Map<string, LetBinding> };

/** Treatment of time filters when a scan reads files written long ago. */
export type LookbackMode = 'apply' | 'ignore';

export interface CompileOptions {
  /** Tables a query may name, with their columns. */
  tables: ReadonlyMap<string, TableSchema>;
  /** The query's clock for now() and ago(): milliseconds since epoch. */
  now: number;
  /**
   * 'ignore' drops `where` conditions that compare a datetime with ago() or now(), or with a
   * `let` whose value comes from them, so a scan of old files evaluates every event. The dropped
   * conditions are listed in `ignoredLookback`. Other expressions that read the clock still run
   * with `now` and are listed in `wallClockTerms`.
   */
  lookback: LookbackMode;
  /** File name for error messages. */
  sourceName?: string;
}

/** State shared while one query compiles. */
export class CompileContext {
  readonly ignoredLookback: string[] = [];
  /** Source text of expressions that read the clock in lookback mode 'ignore', without repeats. */
  readonly wallClockTerms: string[] = [];
  /** The outermost expression being compiled, whose text a clock read is listed under. */
  private expressionRoot: Span | undefined;
  /** Above 0 while compiling text whose clock reads are listed elsewhere or not at all. */
  private clockNotesMuted = 0;

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

  /**
   * Runs `compile` with `expr` as the expression that clock reads are listed under, unless an
   * outer expression already is.
   */
  withExpressionRoot<T>(expr: Span, compile: () => T): T {
    if (this.expressionRoot) return compile();
    this.expressionRoot = expr;
    try {
      return compile();
    } finally {
      this.expressionRoot = undefined;
    }
  }

  /** Runs `compile` without listing its clock reads in `wallClockTerms`. */
  withoutClockNotes<T>(compile: () => T): T {
    this.clockNotesMuted++;
    try {
      return compile();
    } finally {
      this.clockNotesMuted--;
    }
  }

  /** Records that the expression being compiled reads the clock, in lookback mode 'ignore' only. */
  noteClockRead(): void {
    if (this.options.lookback !== 'ignore' || this.clockNotesMuted > 0 || !this.expressionRoot) return;
    const text = this.sourceText(this.expressionRoot);
    if (!this.wallClockTerms.includes(text)) this.wallClockTerms.push(text);
  }
}

/** Wraps a constant value of `type` as a compiled expression. */
export function constant(type: ColumnType, value: unknown): Compiled {
  return { type, eval: () => value, constant: { value } };
}

/**
 * Syntax tree of a KQL query. Every node keeps the offsets of the text it came from, so semantic
 * errors can point at it.
 */

export interface Span {
  start: number;
  end: number;
}

export type Expr =
  | LiteralExpr
  | NameExpr
  | BinaryExpr
  | UnaryExpr
  | CallExpr
  | ListOpExpr
  | BetweenExpr
  | MemberExpr
  | IndexExpr
  | DynamicExpr;

/** A constant: string, long, real, bool, timespan, datetime, null of a type. */
export interface LiteralExpr extends Span {
  kind: 'literal';
  type: 'string' | 'long' | 'real' | 'bool' | 'timespan' | 'datetime' | 'guid' | 'int' | 'dynamic';
  value: unknown;
}

/** A column, a `let` name, or `$left.X` / `$right.X` in a join condition. */
export interface NameExpr extends Span {
  kind: 'name';
  name: string;
}

export interface BinaryExpr extends Span {
  kind: 'binary';
  /** Operator as written, e.g. `and`, `==`, `has_cs`, `!contains`, `matches regex`. */
  op: string;
  opSpan: Span;
  left: Expr;
  right: Expr;
}

export interface UnaryExpr extends Span {
  kind: 'unary';
  op: '-' | '+';
  operand: Expr;
}

export interface CallExpr extends Span {
  kind: 'call';
  name: string;
  nameSpan: Span;
  args: Expr[];
}

/** `x in (a, b)`, `x has_any (d)`, `x has_all (...)` and their negated / `~` forms. */
export interface ListOpExpr extends Span {
  kind: 'list';
  op: string;
  opSpan: Span;
  left: Expr;
  items: Expr[];
}

export interface BetweenExpr extends Span {
  kind: 'between';
  negated: boolean;
  left: Expr;
  low: Expr;
  high: Expr;
}

/** `d.key` on a dynamic value. */
export interface MemberExpr extends Span {
  kind: 'member';
  target: Expr;
  member: string;
}

/** `d["key"]` or `d[0]`. */
export interface IndexExpr extends Span {
  kind: 'index';
  target: Expr;
  index: Expr;
}

/** `dynamic(...)` literal: a JSON-like value written in KQL syntax. */
export interface DynamicExpr extends Span {
  kind: 'dynamic';
  value: unknown;
}

/** `Name = expr` or a bare `expr` in extend, project, summarize. */
export interface Assignment extends Span {
  name?: string;
  nameSpan?: Span;
  expr: Expr;
  /** The `to typeof(T)` type of an mv-expand column. */
  typeName?: string;
}

export interface SortKey extends Span {
  expr: Expr;
  descending: boolean;
  nullsFirst: boolean;
}

export type Operator =
  | { kind: 'where'; predicate: Expr; start: number; end: number }
  | { kind: 'extend'; assignments: Assignment[]; start: number; end: number }
  | { kind: 'project'; assignments: Assignment[]; start: number; end: number }
  | { kind: 'project-away' | 'project-keep' | 'project-reorder'; columns: NameExpr[]; start: number; end: number }
  | { kind: 'project-rename'; renames: Array<{ name: string; nameSpan: Span; from: NameExpr }>; start: number; end: number }
  | { kind: 'sort'; keys: SortKey[]; start: number; end: number }
  | { kind: 'take'; count: Expr; start: number; end: number }
  | { kind: 'top'; count: Expr; key: SortKey; start: number; end: number }
  | { kind: 'count'; start: number; end: number }
  | { kind: 'distinct'; columns: Expr[]; start: number; end: number }
  | { kind: 'summarize'; aggregates: Assignment[]; by: Assignment[]; start: number; end: number }
  | { kind: 'mv-expand'; assignments: Assignment[]; limit?: Expr; itemIndex?: string; start: number; end: number }
  | { kind: 'parse'; kindOption: 'simple' | 'regex' | 'relaxed'; source: Expr; pattern: ParsePart[]; start: number; end: number }
  | { kind: 'join'; joinKind: string; right: TabularExpr; on: Expr[]; start: number; end: number }
  | { kind: 'union'; tables: TabularExpr[]; withSource?: string; start: number; end: number }
  | { kind: 'as'; name: string; start: number; end: number };

/** One piece of a `parse` pattern: a string to match or a column to capture (with an optional type). */
export type ParsePart = { kind: 'text'; text: string } | { kind: 'column'; name: string; type?: string; span: Span };

/** A source (table, tabular `let`, `union`, `print`) followed by piped operators. */
export interface TabularExpr extends Span {
  source: TabularSource;
  operators: Operator[];
}

export type TabularSource =
  | { kind: 'table'; name: string; start: number; end: number }
  | { kind: 'union'; tables: TabularExpr[]; withSource?: string; start: number; end: number }
  | { kind: 'print'; assignments: Assignment[]; start: number; end: number }
  | { kind: 'datatable'; columns: Array<{ name: string; type: string }>; values: Expr[]; start: number; end: number }
  | { kind: 'subquery'; query: TabularExpr; start: number; end: number };

export interface LetStatement extends Span {
  name: string;
  nameSpan: Span;
  /** A scalar expression, or a tabular expression when the value is a pipeline or a table. */
  value: { kind: 'scalar'; expr: Expr } | { kind: 'tabular'; query: TabularExpr };
}

export interface Query {
  lets: LetStatement[];
  body: TabularExpr;
}

import type { Expr, LiteralExpr } from '../ast.js';
import { tryParseDatetime } from '../datetime.js';
import { didYouMean } from '../suggest.js';
import { parseTimespan } from '../timespan.js';
import { allOperatorWords, comparisonPunctuators, expressionFollowers, listOperators, stringOperators } from './operatorWords.js';
import { describe, type TokenStream } from './tokenStream.js';
import { KqlError } from '../errors.js';
import type { Token } from '../tokens.js';
import {
  unsupportedFunctionMessage,
  unsupportedFunctions,
  unsupportedScalarOperatorMessage,
  unsupportedScalarOperators,
  unsupportedTabularListMessage,
} from '../unsupported.js';

/** Parses a scalar expression: `or` binds loosest, then `and`, comparisons, `+ -`, `* / %`, unary, postfix. */
export function parseExpression(s: TokenStream): Expr {
  let left = parseAnd(s);
  while (s.isWord('or')) {
    const op = s.next();
    const right = parseAnd(s);
    left = { kind: 'binary', op: 'or', opSpan: op, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseAnd(s: TokenStream): Expr {
  let left = parseComparison(s);
  while (s.isWord('and')) {
    const op = s.next();
    const right = parseComparison(s);
    left = { kind: 'binary', op: 'and', opSpan: op, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseComparison(s: TokenStream): Expr {
  const left = parseAdditive(s);
  const token = s.peek();

  if (token.kind === 'punct' && comparisonPunctuators.has(token.text)) {
    s.next();
    const right = parseAdditive(s);
    const op = token.text === '<>' ? '!=' : token.text;
    return { kind: 'binary', op, opSpan: token, left, right, start: left.start, end: right.end };
  }
  if (token.kind !== 'ident') return left;

  if (listOperators.has(token.text)) {
    s.next();
    const items = parseList(s, token.text, left);
    const end = s.previous();
    return { kind: 'list', op: token.text, opSpan: token, left, items, start: left.start, end: end.end };
  }
  if (token.text === 'between' || token.text === '!between') {
    s.next();
    s.expectPunct('(', `after '${token.text}'`);
    const low = parseAdditive(s);
    s.expectPunct('..', `between the bounds of '${token.text}' (write: between (low .. high))`);
    const high = parseAdditive(s);
    const close = s.expectPunct(')', `to close '${token.text}'`);
    return { kind: 'between', negated: token.text.startsWith('!'), left, low, high, start: left.start, end: close.end };
  }
  if (stringOperators.has(token.text)) {
    s.next();
    let op = token.text;
    let opEnd = token.end;
    if (op === 'matches') {
      const regex = s.expectWord('regex', "after 'matches' (write: matches regex \"pattern\")");
      op = 'matches regex';
      opEnd = regex.end;
    }
    const right = parseAdditive(s);
    return { kind: 'binary', op, opSpan: { start: token.start, end: opEnd }, left, right, start: left.start, end: right.end };
  }
  if (unsupportedScalarOperators.has(token.text)) s.failAt(token, unsupportedScalarOperatorMessage(token.text));
  if (!expressionFollowers.has(token.text) && !s.isPunct('=', 1)) {
    s.failAt(token, `unknown operator '${token.text}'${didYouMean(token.text, allOperatorWords)}`);
  }
  return left;
}

/** Reads `( item, item, ... )` after `in`, `has_any` and the like; `left` is the operand before `op`. */
function parseList(s: TokenStream, op: string, left: Expr): Expr[] {
  s.expectPunct('(', `after '${op}' (write: ${op} ("a", "b"))`);
  const items: Expr[] = [];
  if (!s.isPunct(')')) {
    do {
      const item = parseExpression(s);
      // `in (DeviceProcessEvents | distinct DeviceName)`: a '|' after an item makes it a subquery.
      if (s.isPunct('|')) s.failAt({ start: item.start, end: s.peek().end }, unsupportedTabularListMessage(op, sourceText(s, left)));
      items.push(item);
    } while (s.acceptPunct(','));
  }
  s.expectPunct(')', `to close the list of '${op}'`);
  return items;
}

/** Returns the text of `span` on one line, for messages that quote the query. */
function sourceText(s: TokenStream, span: { start: number; end: number }): string {
  return s.text.slice(span.start, span.end).replace(/\s+/g, ' ');
}

function parseAdditive(s: TokenStream): Expr {
  let left = parseMultiplicative(s);
  while (s.isPunct('+') || s.isPunct('-')) {
    const op = s.next();
    const right = parseMultiplicative(s);
    left = { kind: 'binary', op: op.text, opSpan: op, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseMultiplicative(s: TokenStream): Expr {
  let left = parseUnary(s);
  while (s.isPunct('*') || s.isPunct('/') || s.isPunct('%')) {
    const op = s.next();
    const right = parseUnary(s);
    left = { kind: 'binary', op: op.text, opSpan: op, left, right, start: left.start, end: right.end };
  }
  return left;
}

function parseUnary(s: TokenStream): Expr {
  if (s.isPunct('-') || s.isPunct('+')) {
    const op = s.next();
    const operand = parseUnary(s);
    return { kind: 'unary', op: op.text as '-' | '+', operand, start: op.start, end: operand.end };
  }
  return parsePostfix(s);
}

function parsePostfix(s: TokenStream): Expr {
  let expr = parsePrimary(s);
  for (;;) {
    if (s.isPunct('.') && s.peek(1).kind === 'ident') {
      s.next();
      const member = s.next();
      expr = { kind: 'member', target: expr, member: member.text, start: expr.start, end: member.end };
      continue;
    }
    if (s.isPunct('[') && expr.kind !== 'literal') {
      s.next();
      const index = parseExpression(s);
      const close = s.expectPunct(']', 'to close the index');
      expr = { kind: 'index', target: expr, index, start: expr.start, end: close.end };
      continue;
    }
    return expr;
  }
}

function parsePrimary(s: TokenStream): Expr {
  const token = s.peek();

  if (token.kind === 'string') {
    s.next();
    return literal('string', token.value, token);
  }
  if (token.kind === 'number') {
    s.next();
    return literal(token.isReal ? 'real' : 'long', token.value, token);
  }
  if (token.kind === 'timespan') {
    s.next();
    return literal('timespan', token.value, token);
  }
  if (token.kind === 'punct' && token.text === '(') {
    s.next();
    const inner = parseExpression(s);
    s.expectPunct(')', 'to close the parenthesis');
    return inner;
  }
  if (token.kind === 'punct' && token.text === '[' && s.peek(1).kind === 'string' && s.isPunct(']', 2)) {
    const name = s.expectName('as a column');
    return { kind: 'name', name: name.name, start: name.start, end: name.end };
  }
  // A lone `*` stands for every column, as in arg_max(Timestamp, *) and distinct *.
  if (token.kind === 'punct' && token.text === '*' && (s.isPunct(',', 1) || s.isPunct(')', 1) || s.isPunct('|', 1) || s.peek(1).kind === 'eof')) {
    s.next();
    return { kind: 'name', name: '*', start: token.start, end: token.end };
  }
  if (token.kind === 'punct' && token.text === '*' && startsComparison(s.peek(1))) {
    // `where * has "x"` is KQL's search of every column.
    const op = s.peek(1);
    s.failAt({ start: token.start, end: op.end }, `searching every column with '* ${op.text}' is not supported by lurewatch; name the columns instead, as in where FileName ${op.text} ... or ProcessCommandLine ${op.text} ...`);
  }
  if (token.kind !== 'ident') {
    s.failAt(token, `expected an expression, found ${describe(token)}`);
  }

  s.next();
  if (token.text === 'true' || token.text === 'false') return literal('bool', token.text === 'true', token);
  if (!s.isPunct('(')) return { kind: 'name', name: token.text, start: token.start, end: token.end };

  const typed = parseTypedLiteral(s, token.text, token.start);
  if (typed) return typed;

  s.next();
  const args: Expr[] = [];
  try {
    if (!s.isPunct(')')) {
      do {
        args.push(parseExpression(s));
      } while (s.acceptPunct(','));
    }
    const close = s.expectPunct(')', `to close the arguments of '${token.text}'`);
    return { kind: 'call', name: token.text, nameSpan: token, args, start: token.start, end: close.end };
  } catch (error) {
    // toscalar(), materialize() and similar functions take a query, which this parser cannot read,
    // so the unsupported function is the fault to report. The compiler reports the other calls.
    if (error instanceof KqlError && unsupportedFunctions.has(token.text)) s.failAt(token, unsupportedFunctionMessage(token.text));
    throw error;
  }
}

/** True when `token` is an operator that compares a value: `==`, `has`, `contains`, `in` and the like. */
function startsComparison(token: Token): boolean {
  if (token.kind === 'punct') return comparisonPunctuators.has(token.text);
  return token.kind === 'ident' && (stringOperators.has(token.text) || listOperators.has(token.text));
}

function literal(type: LiteralExpr['type'], value: unknown, span: { start: number; end: number }): LiteralExpr {
  return { kind: 'literal', type, value, start: span.start, end: span.end };
}

const scalarTypeNames = new Set(['bool', 'boolean', 'int', 'long', 'real', 'double', 'decimal', 'string']);

/** Parses `datetime(...)`, `timespan(...)`, `guid(...)`, `dynamic(...)` and typed nulls like `long(null)`. */
function parseTypedLiteral(s: TokenStream, name: string, start: number): Expr | undefined {
  const lower = name.toLowerCase();
  const argument = s.peek(1);

  if ((lower === 'datetime' || lower === 'timespan' || lower === 'time' || lower === 'guid') && (argument.kind === 'raw' || (argument.kind === 'string' && s.isPunct(')', 2)))) {
    s.next();
    const raw = String(s.next().value);
    const close = s.expectPunct(')', `to close '${name}'`);
    const span = { start, end: close.end };
    if (raw === 'null' || raw === '') {
      return literal(lower === 'datetime' ? 'datetime' : lower === 'guid' ? 'guid' : 'timespan', null, span);
    }
    if (lower === 'datetime') {
      const parsed = tryParseDatetime(raw);
      if (!parsed.ok) s.failAt(span, `invalid datetime literal '${raw}': ${parsed.reason}`);
      return literal('datetime', parsed.value, span);
    }
    if (lower === 'guid') return literal('guid', raw, span);
    const value = parseTimespan(raw);
    if (value === null) s.failAt(span, `invalid timespan literal '${raw}': write timespan(1d) or timespan(01:30:00)`);
    return literal('timespan', value, span);
  }

  if (lower === 'dynamic') {
    s.next();
    const value = parseDynamicValue(s);
    const close = s.expectPunct(')', "to close 'dynamic'");
    return { kind: 'dynamic', value, start, end: close.end };
  }

  if (scalarTypeNames.has(lower) && (argument.kind === 'number' || argument.text === 'null' || argument.text === 'true' || argument.text === 'false') && s.isPunct(')', 2)) {
    s.next();
    const value = s.next();
    const close = s.expectPunct(')', `to close '${name}'`);
    const span = { start, end: close.end };
    const type = lower === 'boolean' ? 'bool' : lower === 'double' || lower === 'decimal' ? 'real' : (lower as LiteralExpr['type']);
    if (value.text === 'null') return literal(type, null, span);
    if (type === 'bool') return literal('bool', value.text === 'true' || (value.kind === 'number' && value.value !== 0), span);
    if (type === 'string') s.failAt(span, `write a string literal in quotes, not ${name}(${value.text})`);
    return literal(type, value.value, span);
  }
  return undefined;
}

/** Reads the JSON-like value inside `dynamic(...)`: arrays, property bags, strings, numbers, bools, null. */
function parseDynamicValue(s: TokenStream): unknown {
  const token = s.peek();
  if (s.acceptPunct('[')) {
    const items: unknown[] = [];
    if (!s.isPunct(']')) {
      do {
        items.push(parseDynamicValue(s));
      } while (s.acceptPunct(','));
    }
    s.expectPunct(']', 'to close the dynamic array');
    return items;
  }
  if (s.acceptPunct('{')) {
    const bag: Record<string, unknown> = {};
    if (!s.isPunct('}')) {
      do {
        const key = s.next();
        if (key.kind !== 'string' && key.kind !== 'ident') s.failAt(key, `expected a property name in the dynamic bag, found ${describe(key)}`);
        s.expectPunct(':', 'after the property name');
        bag[key.kind === 'string' ? String(key.value) : key.text] = parseDynamicValue(s);
      } while (s.acceptPunct(','));
    }
    s.expectPunct('}', 'to close the dynamic property bag');
    return bag;
  }
  if (token.kind === 'string') return s.next().value;
  if (token.kind === 'number') return s.next().value;
  if (s.isPunct('-') && s.peek(1).kind === 'number') {
    s.next();
    return -(s.next().value as number);
  }
  if (token.kind === 'ident' && (token.text === 'true' || token.text === 'false' || token.text === 'null')) {
    s.next();
    return token.text === 'null' ? null : token.text === 'true';
  }
  return s.failAt(token, `expected a value in dynamic(...), found ${describe(token)}`);
}

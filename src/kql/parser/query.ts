import type { LetStatement, Query, TabularExpr, TabularSource } from '../ast.js';
import { tokenize } from '../lexer.js';
import { parseExpression } from './expressions.js';
import { parseOperator, parseUnionTables } from './operators.js';
import { describe, TokenStream } from './tokenStream.js';
import { unsupportedFunctionMessage, unsupportedFunctions, unsupportedOperators, unsupportedSourceMessage } from '../unsupported.js';

/**
 * Parses a KQL query: `let` statements ending in `;`, then one tabular expression. Blank lines
 * between statements are accepted (only the Kusto Explorer editor treats them as separators).
 * Throws KqlError with line, column and a caret excerpt on the first syntax error.
 */
export function parseQuery(text: string, sourceName?: string): Query {
  const s = new TokenStream(text, tokenize(text, sourceName), sourceName);
  const lets: LetStatement[] = [];
  for (;;) {
    if (s.isWord('let')) lets.push(parseLet(s));
    else if (startsUnsupportedStatement(s)) s.failAt(s.peek(), `'${s.peek().text}' statements are not supported by lurewatch; remove the statement`);
    else break;
  }

  if (s.peek().kind === 'eof') {
    s.failAt(s.peek(), lets.length ? "expected a query after the 'let' statements, found end of query" : 'the query is empty');
  }
  const body = parseTabular(s);
  s.acceptPunct(';');
  if (s.peek().kind !== 'eof') {
    const token = s.peek();
    const hint = token.kind === 'ident' ? " (operators must follow a '|')" : '';
    s.failAt(token, `unexpected ${describe(token)} after the end of the query${hint}`);
  }
  return { lets, body };
}

/** KQL query statements other than `let` and the query itself, which lurewatch does not run. */
const unsupportedStatements = new Set(['set', 'declare', 'alias', 'restrict']);

/** True at `set x`, `declare query_parameters`, `alias database` or `restrict access`, not at a table of that name. */
function startsUnsupportedStatement(s: TokenStream): boolean {
  const token = s.peek();
  return token.kind === 'ident' && unsupportedStatements.has(token.text) && s.peek(1).kind === 'ident';
}

function parseLet(s: TokenStream): LetStatement {
  const keyword = s.next();
  const name = s.expectIdent("after 'let'");
  s.expectPunct('=', `after 'let ${name.text}'`);
  if (s.isPunct('(')) {
    // A '(' right after '=' starts either a parenthesised value or a function definition (x:string) {...}.
    if (s.peek(1).kind === 'ident' && s.isPunct(':', 2)) s.failAt(s.peek(), 'user-defined functions in let statements are not supported');
  }
  let value: LetStatement['value'];
  if (startsTabular(s)) value = { kind: 'tabular', query: parseTabular(s) };
  else value = { kind: 'scalar', expr: parseExpression(s) };
  const semicolon = s.expectPunct(';', `to end 'let ${name.text}'`);
  return { name: name.text, nameSpan: name, value, start: keyword.start, end: semicolon.end };
}

/** A let value is tabular when it is a pipeline, a union, a datatable or a print. */
function startsTabular(s: TokenStream): boolean {
  const token = s.peek();
  if (token.kind === 'punct' && token.text === '(') return parenthesisHoldsPipe(s);
  if (token.kind !== 'ident') return false;
  if (token.text === 'union' || token.text === 'datatable' || token.text === 'print') return true;
  // An unsupported source such as externaldata is read as tabular so that parseSource names it.
  if (startsUnsupportedSource(s)) return true;
  return s.isPunct('|', 1);
}

/**
 * True when the cursor is at an unsupported KQL operator that starts a query, such as search,
 * find, range, externaldata or evaluate. A '|', ';', ',' or ')' after the name makes it a table.
 */
function startsUnsupportedSource(s: TokenStream): boolean {
  const token = s.peek();
  if (token.kind !== 'ident' || !unsupportedOperators.has(token.text)) return false;
  const after = s.peek(1);
  return after.kind !== 'eof' && !(after.kind === 'punct' && ['|', ';', ',', ')'].includes(after.text));
}

/** True when the parenthesis at the cursor holds a `|` at its own depth, so it is a sub-query. */
function parenthesisHoldsPipe(s: TokenStream): boolean {
  let depth = 0;
  for (let ahead = 0; ; ahead++) {
    const token = s.peek(ahead);
    if (token.kind === 'eof') return false;
    if (token.kind !== 'punct') continue;
    if (token.text === '(') depth++;
    else if (token.text === ')') {
      depth--;
      if (depth === 0) return false;
    } else if (token.text === '|' && depth === 1) return true;
  }
}

/** Parses a source followed by `| operator` steps. */
export function parseTabular(s: TokenStream): TabularExpr {
  const source = parseSource(s);
  const operators = [];
  while (s.acceptPunct('|')) operators.push(parseOperator(s, parseTabular));
  return { source, operators, start: source.start, end: s.previous().end };
}

function parseSource(s: TokenStream): TabularSource {
  const token = s.peek();
  if (s.acceptPunct('(')) {
    const query = parseTabular(s);
    const close = s.expectPunct(')', 'to close the sub-query');
    return { kind: 'subquery', query, start: token.start, end: close.end };
  }
  if (s.isWord('union')) {
    s.next();
    const { tables, withSource } = parseUnionTables(s, parseTabular);
    return { kind: 'union', tables, withSource, start: token.start, end: s.previous().end };
  }
  if (s.isWord('print')) {
    s.next();
    const assignments = [];
    do {
      const first = s.peek();
      let name: string | undefined;
      if (first.kind === 'ident' && s.isPunct('=', 1)) {
        name = s.next().text;
        s.next();
      }
      const expr = parseExpression(s);
      assignments.push({ name, expr, start: first.start, end: expr.end });
    } while (s.acceptPunct(','));
    return { kind: 'print', assignments, start: token.start, end: s.previous().end };
  }
  if (s.isWord('datatable')) {
    s.next();
    s.expectPunct('(', "after 'datatable'");
    const columns: Array<{ name: string; type: string }> = [];
    do {
      const name = s.expectName('as a datatable column');
      s.expectPunct(':', 'after the datatable column name');
      columns.push({ name: name.name, type: s.expectIdent('as the datatable column type').text });
    } while (s.acceptPunct(','));
    s.expectPunct(')', 'to close the datatable schema');
    s.expectPunct('[', 'to open the datatable values');
    const values = [];
    if (!s.isPunct(']')) {
      do {
        if (s.isPunct(']')) break;
        values.push(parseExpression(s));
      } while (s.acceptPunct(','));
    }
    const close = s.expectPunct(']', 'to close the datatable values');
    return { kind: 'datatable', columns, values, start: token.start, end: close.end };
  }
  if (startsUnsupportedSource(s)) s.failAt(token, unsupportedSourceMessage(token.text));
  if (token.kind === 'ident' && s.isPunct('(', 1) && unsupportedFunctions.has(token.text)) s.failAt(token, unsupportedFunctionMessage(token.text));
  const name = s.expectName('as the table to query (for example DeviceProcessEvents)');
  return { kind: 'table', name: name.name, start: name.start, end: name.end };
}

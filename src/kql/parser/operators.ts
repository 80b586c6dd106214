import type { Assignment, NameExpr, Operator, ParsePart, SortKey, TabularExpr } from '../ast.js';
import { didYouMean } from '../suggest.js';
import { unsupportedOperatorMessage, unsupportedOperators, unsupportedUnionWildcardMessage } from '../unsupported.js';
import { parseExpression } from './expressions.js';
import { describe, type TokenStream } from './tokenStream.js';

/** Tabular operators this engine runs after a '|', for error messages and "did you mean" suggestions. */
export const operatorNames = [
  'where', 'filter', 'extend', 'project', 'project-away', 'project-keep', 'project-rename', 'project-reorder',
  'sort', 'order', 'take', 'limit', 'top', 'count', 'distinct', 'summarize', 'mv-expand', 'parse', 'join', 'union', 'as',
];

/**
 * Parses one operator after `|`. `parseTabular` is passed in for the operators that nest a
 * query (`join`, `union`).
 */
export function parseOperator(s: TokenStream, parseTabular: (s: TokenStream) => TabularExpr): Operator {
  const first = s.expectIdent("after '|' (an operator such as where, extend or project)");
  let name = first.text;
  // Hyphenated operator names (project-away, graph-where-nodes) arrive as word, '-', word with no spaces.
  while (s.isPunct('-') && s.adjacent(s.previous(), s.peek()) && s.peek(1).kind === 'ident' && s.adjacent(s.peek(), s.peek(1))) {
    s.next();
    name += `-${s.next().text}`;
  }
  const start = first.start;
  const end = () => s.previous().end;

  switch (name) {
    case 'where':
    case 'filter': {
      const predicate = parseExpression(s);
      return { kind: 'where', predicate, start, end: end() };
    }
    case 'extend':
      return { kind: 'extend', assignments: parseAssignments(s, name), start, end: end() };
    case 'project':
      return { kind: 'project', assignments: parseAssignments(s, name), start, end: end() };
    case 'project-away':
    case 'project-keep':
    case 'project-reorder':
      return { kind: name, columns: parseNameList(s, name), start, end: end() };
    case 'project-rename': {
      const renames: Array<{ name: string; nameSpan: { start: number; end: number }; from: NameExpr }> = [];
      do {
        const target = s.expectName(`for the new column name in ${name}`);
        s.expectPunct('=', `after the new name in ${name} (write: NewName = OldName)`);
        const source = s.expectName(`for the column to rename in ${name}`);
        renames.push({ name: target.name, nameSpan: target, from: { kind: 'name', name: source.name, start: source.start, end: source.end } });
      } while (s.acceptPunct(','));
      return { kind: 'project-rename', renames, start, end: end() };
    }
    case 'sort':
    case 'order': {
      s.expectWord('by', `after '${name}'`);
      const keys: SortKey[] = [];
      do keys.push(parseSortKey(s));
      while (s.acceptPunct(','));
      return { kind: 'sort', keys, start, end: end() };
    }
    case 'take':
    case 'limit':
      return { kind: 'take', count: parseExpression(s), start, end: end() };
    case 'top': {
      const count = parseExpression(s);
      s.expectWord('by', "after the row count of 'top' (write: top 10 by Column)");
      const key = parseSortKey(s);
      return { kind: 'top', count, key, start, end: end() };
    }
    case 'count':
      return { kind: 'count', start, end: end() };
    case 'distinct': {
      acceptHints(s);
      const columns = [];
      do columns.push(parseExpression(s));
      while (s.acceptPunct(','));
      return { kind: 'distinct', columns, start, end: end() };
    }
    case 'summarize': {
      acceptHints(s);
      const aggregates = s.isWord('by') ? [] : parseAssignments(s, name);
      const by = s.acceptWord('by') ? parseAssignments(s, `${name} ... by`) : [];
      return { kind: 'summarize', aggregates, by, start, end: end() };
    }
    case 'mv-expand': {
      let itemIndex: string | undefined;
      for (;;) {
        if (s.isWord('with_itemindex') && s.isPunct('=', 1)) {
          s.next();
          s.next();
          itemIndex = s.expectIdent("as the column name after 'with_itemindex='").text;
        } else if ((s.isWord('kind') || s.isWord('bagexpansion')) && s.isPunct('=', 1)) {
          // lurewatch expands a property bag into one-property bags, which is kind=bag.
          const option = s.next();
          s.next();
          const value = s.expectIdent(`after '${option.text}=' (bag or array)`);
          if (value.text === 'array') s.failAt({ start: option.start, end: value.end }, `mv-expand ${option.text}=array is not supported by lurewatch; remove it to expand property bags as ${option.text}=bag does`);
          if (value.text !== 'bag') s.failAt(value, `unknown mv-expand ${option.text} '${value.text}': use bag or array`);
        } else break;
      }
      const assignments = parseAssignments(s, name, true);
      let limit;
      if (s.acceptWord('limit')) limit = parseExpression(s);
      return { kind: 'mv-expand', assignments, limit, itemIndex, start, end: end() };
    }
    case 'parse':
      return parseParse(s, start);
    case 'join':
      return parseJoin(s, start, parseTabular);
    case 'union': {
      const { tables, withSource } = parseUnionTables(s, parseTabular);
      return { kind: 'union', tables, withSource, start, end: end() };
    }
    case 'as': {
      acceptHints(s);
      const alias = s.expectIdent("after 'as'");
      return { kind: 'as', name: alias.text, start, end: end() };
    }
    default: {
      const span = { start, end: end() };
      if (unsupportedOperators.has(name)) return s.failAt(span, unsupportedOperatorMessage(name, operatorNames));
      return s.failAt(span, `unknown or unsupported operator '${name}'${didYouMean(name, operatorNames)}`);
    }
  }
}

/** Reads `Name = expr, expr, (A, B) = expr` lists of extend, project and summarize. */
function parseAssignments(s: TokenStream, operator: string, allowTypeSuffix = false): Assignment[] {
  const assignments: Assignment[] = [];
  do {
    const first = s.peek();
    let name: string | undefined;
    let nameSpan;
    const bracketed = s.isPunct('[') && s.peek(1).kind === 'string' && s.isPunct(']', 2) && s.isPunct('=', 3);
    if ((first.kind === 'ident' && s.isPunct('=', 1)) || bracketed) {
      const parsed = s.expectName(`in ${operator}`);
      name = parsed.name;
      nameSpan = parsed;
      s.next();
    }
    if (s.peek().kind === 'eof' || s.isPunct('|')) s.failAt(s.peek(), `expected an expression in ${operator}, found ${describe(s.peek())}`);
    const expr = parseExpression(s);
    let typeName: string | undefined;
    if (allowTypeSuffix && s.acceptWord('to')) {
      s.expectWord('typeof', "after 'to' in mv-expand");
      s.expectPunct('(', "after 'typeof'");
      typeName = s.expectIdent('as the type in typeof(...)').text;
      s.expectPunct(')', "to close 'typeof'");
    }
    assignments.push({ name, nameSpan, expr, typeName, start: first.start, end: expr.end });
  } while (s.acceptPunct(','));
  return assignments;
}

function parseNameList(s: TokenStream, operator: string): NameExpr[] {
  const names: NameExpr[] = [];
  do {
    failOnWildcard(s, operator);
    const parsed = s.expectName(`as a column of ${operator}`);
    failOnWildcard(s, operator);
    names.push({ kind: 'name', name: parsed.name, start: parsed.start, end: parsed.end });
  } while (s.acceptPunct(','));
  return names;
}

/** Fails at a `*` in a column list, as in `project-away Initiating*`, which KQL reads as a wildcard. */
function failOnWildcard(s: TokenStream, operator: string): void {
  const token = s.peek();
  if (token.kind === 'punct' && token.text === '*') {
    s.failAt(token, `wildcards in ${operator} are not supported by lurewatch; list each column by name`);
  }
}

/**
 * Skips `hint.name = value` options (hint.strategy=shuffle, hint.materialized=true). They tune how
 * Kusto distributes work and do not change results, so lurewatch, which runs in one process, ignores them.
 */
function acceptHints(s: TokenStream): void {
  while (s.isWord('hint') && s.isPunct('.', 1) && s.peek(2).kind === 'ident' && s.isPunct('=', 3)) {
    const name = s.peek(2).text;
    for (let i = 0; i < 4; i++) s.next();
    const value = s.next();
    if (value.kind === 'eof' || value.kind === 'punct') s.failAt(value, `expected a value after 'hint.${name}='`);
  }
}

/** Reads `expr [asc|desc] [nulls first|last]`. KQL sorts descending by default; nulls go last when descending. */
function parseSortKey(s: TokenStream): SortKey {
  const expr = parseExpression(s);
  let descending = true;
  if (s.acceptWord('asc')) descending = false;
  else s.acceptWord('desc');
  let nullsFirst = !descending;
  if (s.acceptWord('nulls')) {
    if (s.acceptWord('first')) nullsFirst = true;
    else {
      s.expectWord('last', "after 'nulls' (write: nulls first or nulls last)");
      nullsFirst = false;
    }
  }
  return { expr, descending, nullsFirst, start: expr.start, end: s.previous().end };
}

/** Reads `parse [kind=regex|simple|relaxed] Source with "text" Column:type "text" ...`. */
function parseParse(s: TokenStream, start: number): Operator {
  let kindOption: 'simple' | 'regex' | 'relaxed' = 'simple';
  if (s.acceptWord('kind')) {
    s.expectPunct('=', "after 'kind'");
    const kindToken = s.expectIdent("after 'kind=' (simple, regex or relaxed)");
    if (kindToken.text !== 'simple' && kindToken.text !== 'regex' && kindToken.text !== 'relaxed') {
      s.failAt(kindToken, `unknown parse kind '${kindToken.text}': use simple, regex or relaxed`);
    }
    kindOption = kindToken.text;
  }
  const source = parseExpression(s);
  s.expectWord('with', "after the source of 'parse'");
  const pattern: ParsePart[] = [];
  for (;;) {
    const token = s.peek();
    if (token.kind === 'string') {
      s.next();
      pattern.push({ kind: 'text', text: String(token.value) });
    } else if (s.isPunct('*')) {
      s.next();
      pattern.push({ kind: 'column', name: '*', span: token });
    } else if (token.kind === 'ident') {
      s.next();
      let type: string | undefined;
      if (s.acceptPunct(':')) type = s.expectIdent('as the column type in parse').text;
      pattern.push({ kind: 'column', name: token.text, type, span: token });
    } else break;
    if (!s.acceptPunct(',') && (s.isPunct('|') || s.peek().kind === 'eof' || s.isPunct(')') || s.isPunct(';'))) break;
  }
  if (pattern.length === 0) s.failAt(s.peek(), "expected a pattern after 'with' in parse");
  return { kind: 'parse', kindOption, source, pattern, start, end: s.previous().end };
}

function parseJoin(s: TokenStream, start: number, parseTabular: (s: TokenStream) => TabularExpr): Operator {
  let joinKind = 'innerunique';
  for (;;) {
    acceptHints(s);
    if (!(s.peek().kind === 'ident' && s.isPunct('=', 1))) break;
    const option = s.next();
    s.next();
    const value = s.expectIdent(`after '${option.text}='`);
    if (option.text === 'kind') joinKind = value.text;
    else s.failAt(option, `unknown join option '${option.text}': use kind=inner, leftouter, leftanti, leftsemi, rightsemi, ...`);
  }
  let right: TabularExpr;
  if (s.acceptPunct('(')) {
    right = parseTabular(s);
    s.expectPunct(')', "to close the right side of 'join'");
  } else {
    right = parseTabular(s);
  }
  s.expectWord('on', "after the right side of 'join' (write: join kind=inner (T) on Key)");
  const on = [];
  do on.push(parseExpression(s));
  while (s.acceptPunct(','));
  return { kind: 'join', joinKind, right, on, start, end: s.previous().end };
}

/** Reads the options and tables of `union`: names or parenthesised queries, separated by commas. */
export function parseUnionTables(s: TokenStream, parseTabular: (s: TokenStream) => TabularExpr): { tables: TabularExpr[]; withSource?: string } {
  let withSource: string | undefined;
  for (;;) {
    acceptHints(s);
    if (!(s.peek().kind === 'ident' && s.isPunct('=', 1))) break;
    const option = s.next();
    s.next();
    const value = s.next();
    const span = { start: option.start, end: value.end };
    if (option.text === 'withsource') {
      if (value.kind !== 'ident') s.failAt(value, "withsource needs a column name, as in union withsource=SourceTable T1, T2");
      withSource = value.text;
      continue;
    }
    if (option.text === 'kind' && value.text === 'inner') {
      s.failAt(span, 'union kind=inner is not supported by lurewatch; remove it to keep every column, as kind=outer does');
    }
    // kind=outer is what lurewatch runs, and isfuzzy=true only lets Kusto skip missing tables.
    if (!(option.text === 'kind' && value.text === 'outer') && option.text !== 'isfuzzy') {
      s.failAt(option, `unknown union option '${option.text}': use kind=outer or isfuzzy=true`);
    }
  }
  const tables: TabularExpr[] = [];
  do {
    if (s.acceptPunct('(')) {
      tables.push(parseTabular(s));
      s.expectPunct(')', "to close a table of 'union'");
    } else {
      failAtUnionWildcard(s);
      const name = s.expectName("as a table of 'union'");
      failAtUnionWildcard(s, name);
      tables.push({ source: { kind: 'table', name: name.name, start: name.start, end: name.end }, operators: [], start: name.start, end: name.end });
    }
  } while (s.acceptPunct(','));
  return { tables, withSource };
}

/**
 * Fails at a table wildcard of `union`, such as `Device*` or `*`: at a `*` where a table name
 * starts, or at one written right after the name `before`. KQL reads these as patterns over the
 * database's tables, and lurewatch expands no pattern.
 */
function failAtUnionWildcard(s: TokenStream, before?: { start: number; end: number }): void {
  const star = s.peek();
  if (!s.isPunct('*') || (before && star.start !== before.end)) return;
  // The pattern runs over the name parts and '*' written without spaces, as in `Device*Events`.
  let ahead = 0;
  while (s.peek(ahead + 1).start === s.peek(ahead).end && (s.peek(ahead + 1).kind === 'ident' || s.isPunct('*', ahead + 1))) ahead++;
  s.failAt({ start: before?.start ?? star.start, end: s.peek(ahead).end }, unsupportedUnionWildcardMessage());
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../cli/paths.js';
import { aggregateNames } from './functions/aggregates.js';
import { functionNames } from './functions/registry.js';
import { columnTypeNames } from './compile/sources.js';
import { operatorNames } from './parser/operators.js';
import { comparisonPunctuators, listOperators, stringOperators } from './parser/operatorWords.js';
import { timespanUnits } from './timespan.js';

// docs/kql.md is the user's list of the KQL that lurewatch runs, so it must name everything the
// engine registers, and its function tables must name nothing else.

const reference = readFileSync(join(packageRoot, 'docs', 'kql.md'), 'utf8');

/** Returns the text of the `## title` section, up to the next `## ` heading. */
function section(title: string): string {
  const start = reference.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `docs/kql.md has no '## ${title}' section`);
  const end = reference.indexOf('\n## ', start + 1);
  return reference.slice(start, end < 0 ? undefined : end);
}

/** Returns every code span in `text`, including those fenced by several backticks (```` ```text``` ````). */
function codeSpans(text: string): Set<string> {
  return new Set([...text.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)].map((match) => match[2]!.trim()));
}

/** Returns the `name()` code spans in the table rows of `text`, without the parentheses. */
function tableFunctions(text: string): Set<string> {
  const rows = text.split('\n').filter((line) => line.startsWith('|')).join('\n');
  return new Set([...rows.matchAll(/`([a-z_0-9]+)\(\)`/g)].map((match) => match[1]!));
}

test('reference lists every tabular operator', () => {
  const spans = codeSpans(section('Tabular operators'));
  for (const name of [...operatorNames, 'print', 'datatable']) assert.ok(spans.has(name), `docs/kql.md omits operator '${name}'`);
});

test('reference lists aggregation functions exactly', () => {
  assert.deepEqual([...tableFunctions(section('Aggregation functions'))].sort(), aggregateNames().sort());
});

test('reference lists scalar functions exactly', () => {
  assert.deepEqual([...tableFunctions(section('Scalar functions'))].sort(), functionNames().sort());
});

test('reference lists scalar operators', () => {
  const spans = codeSpans(section('Scalar operators'));
  // Negated (`!has`) and case-sensitive (`has_cs`) forms are described once for all string operators.
  const baseForms = [...stringOperators, ...listOperators].map((op) => op.replace(/^!/, '').replace(/_cs$/, ''));
  for (const op of [...baseForms, ...comparisonPunctuators, 'between', '!between', 'in', '!in', 'in~', '!in~']) {
    assert.ok(spans.has(op === 'matches' ? 'matches regex' : op), `docs/kql.md omits operator '${op}'`);
  }
});

test('reference lists types and timespan units', () => {
  const spans = codeSpans(section('Data types and literals'));
  for (const name of Object.keys(columnTypeNames)) assert.ok(spans.has(name), `docs/kql.md omits type '${name}'`);
  for (const unit of timespanUnits.keys()) assert.ok(spans.has(unit), `docs/kql.md omits timespan unit '${unit}'`);
});

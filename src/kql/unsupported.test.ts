import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, KqlError } from './index.js';
import { tableSchemas } from '../schema/tables.js';
import { aggregateNames } from './functions/aggregates.js';
import { functionNames } from './functions/registry.js';
import { operatorNames } from './parser/operators.js';
import { currentNames, unsupportedAggregates, unsupportedFunctions, unsupportedOperators, unsupportedScalarOperators } from './unsupported.js';
import { loadKustoLanguage, microsoftParserMissing, type KustoLanguage } from './testing/microsoftParser.js';

function compileError(query: string): KqlError {
  try {
    compileQuery(query, { tables: tableSchemas, now: 0, lookback: 'apply' });
  } catch (error) {
    assert.ok(error instanceof KqlError, `expected KqlError, got ${String(error)}`);
    return error;
  }
  assert.fail(`query compiled but should fail: ${query}`);
}

const supportedAggregates = new Set(aggregateNames());
const supportedFunctions = new Set(functionNames());

test('unsupported lists omit supported names', () => {
  for (const name of unsupportedAggregates) assert.ok(!supportedAggregates.has(name), name);
  for (const name of unsupportedFunctions) assert.ok(!supportedFunctions.has(name), name);
  for (const name of unsupportedOperators) assert.ok(!operatorNames.includes(name), name);
});

test('current names are supported', () => {
  for (const [deprecated, current] of currentNames) {
    if (unsupportedAggregates.has(deprecated)) assert.ok(supportedAggregates.has(current), `${deprecated} -> ${current}`);
    else assert.ok(unsupportedFunctions.has(deprecated) && supportedFunctions.has(current), `${deprecated} -> ${current}`);
  }
});

/** Queries that use known KQL lurewatch does not run: the name the error must give and where. */
const unsupportedCases: Array<{ query: string; name: string; detail: RegExp }> = [
  { query: 'DeviceProcessEvents | summarize x = any(FileName)', name: 'any', detail: /^aggregation function 'any' is not supported by lurewatch; write take_any\(\), its current name$/ },
  { query: 'DeviceProcessEvents | summarize percentile(ProcessId, 50) by DeviceName', name: 'percentile', detail: /^aggregation function 'percentile' is not supported by lurewatch; supported: count, countif, dcount, / },
  { query: 'DeviceProcessEvents | summarize stdev(ProcessId)', name: 'stdev', detail: /'stdev' is not supported/ },
  { query: 'DeviceProcessEvents | summarize anyif(FileName, FileName has "x")', name: 'anyif', detail: /aggregation function 'anyif' is not supported/ },
  { query: 'DeviceProcessEvents | summarize dcountif(FileName, ProcessId > 1)', name: 'dcountif', detail: /aggregation function 'dcountif' is not supported/ },
  { query: 'DeviceProcessEvents | summarize make_bag_if(bag_pack("a", FileName), true)', name: 'make_bag_if', detail: /aggregation function 'make_bag_if' is not supported/ },
  { query: 'DeviceProcessEvents | summarize n = count() + percentile(ProcessId, 50)', name: 'percentile', detail: /aggregation function 'percentile' is not supported/ },
  { query: 'DeviceProcessEvents | extend p = percentile(ProcessId, 50)', name: 'percentile', detail: /aggregation function 'percentile' is not supported/ },
  { query: 'search "run.exe"', name: 'search', detail: /^operator 'search' is not supported by lurewatch; start the query with a table name/ },
  { query: 'find in (DeviceProcessEvents) where FileName has "x"', name: 'find', detail: /operator 'find' is not supported/ },
  { query: 'range x from 1 to 3 step 1', name: 'range', detail: /operator 'range' is not supported/ },
  { query: 'externaldata (Name: string) ["https://example.com/a.csv"]', name: 'externaldata', detail: /operator 'externaldata' is not supported/ },
  { query: 'let t = externaldata (Name: string) ["https://example.com/a.csv"];\nt', name: 'externaldata', detail: /operator 'externaldata' is not supported/ },
  { query: 'DeviceProcessEvents | search "run.exe"', name: 'search', detail: /^operator 'search' is not supported by lurewatch; supported: where, filter, / },
  { query: 'DeviceProcessEvents | serialize | extend p = prev(FileName)', name: 'serialize', detail: /operator 'serialize' is not supported/ },
  { query: 'DeviceProcessEvents | extend p = prev(FileName)', name: 'prev', detail: /^function 'prev' is not supported by lurewatch; docs\/kql\.md lists the functions it supports$/ },
  { query: 'DeviceProcessEvents | invoke MyFunction()', name: 'invoke', detail: /operator 'invoke' is not supported/ },
  { query: 'DeviceProcessEvents | lookup (DeviceProcessEvents) on DeviceId', name: 'lookup', detail: /operator 'lookup' is not supported/ },
  { query: 'DeviceProcessEvents | make-series count() on Timestamp step 1h', name: 'make-series', detail: /operator 'make-series' is not supported/ },
  { query: 'DeviceProcessEvents | evaluate bag_unpack(AdditionalFields)', name: 'evaluate', detail: /operator 'evaluate' is not supported/ },
  { query: 'DeviceProcessEvents | render timechart', name: 'render', detail: /operator 'render' is not supported/ },
  { query: 'DeviceProcessEvents | extend x = parsejson(AdditionalFields)', name: 'parsejson', detail: /function 'parsejson' is not supported by lurewatch; write parse_json\(\), its current name/ },
  { query: 'DeviceProcessEvents | where ProcessId > toscalar(DeviceProcessEvents | summarize max(ProcessId))', name: 'toscalar', detail: /function 'toscalar' is not supported/ },
  { query: 'let m = materialize(DeviceProcessEvents | take 1);\nm', name: 'materialize', detail: /function 'materialize' is not supported/ },
  { query: 'DeviceProcessEvents | where * has "run.exe"', name: '* has', detail: /^searching every column with '\* has' is not supported by lurewatch; name the columns instead/ },
  { query: 'DeviceProcessEvents | where FileName == "a" and * contains "x"', name: '* contains', detail: /'\* contains' is not supported/ },
  { query: 'set query_now = datetime(2026-11-30);\nDeviceProcessEvents | take 1', name: 'set', detail: /^'set' statements are not supported by lurewatch; remove the statement$/ },
  { query: 'let n = 1;\ndeclare query_parameters(Name: string);\nDeviceProcessEvents', name: 'declare', detail: /^'declare' statements are not supported/ },
  { query: 'DeviceProcessEvents | where FileName like "%.exe"', name: 'like', detail: /^operator 'like' is not supported by lurewatch; use has, contains/ },
  { query: 'union withsource=FileName DeviceProcessEvents, DeviceFileEvents', name: 'DeviceProcessEvents', detail: /^withsource column 'FileName' is already a column of the union's tables; choose another name$/ },
  { query: 'DeviceProcessEvents | union kind=inner DeviceFileEvents', name: 'kind=inner', detail: /^union kind=inner is not supported by lurewatch/ },
  { query: 'DeviceProcessEvents | project-away Initiating*', name: '*', detail: /^wildcards in project-away are not supported by lurewatch; list each column by name$/ },
  { query: 'DeviceProcessEvents | project-keep *Name', name: '*', detail: /^wildcards in project-keep are not supported/ },
  { query: 'DeviceProcessEvents | mv-expand kind=array AdditionalFields', name: 'kind=array', detail: /^mv-expand kind=array is not supported by lurewatch/ },
  { query: 'DeviceProcessEvents | mv-expand bagexpansion=array AdditionalFields', name: 'bagexpansion=array', detail: /^mv-expand bagexpansion=array is not supported/ },
  {
    query: 'let bad = DeviceProcessEvents | where FileName == "run.exe" | distinct DeviceName;\nDeviceProcessEvents | where DeviceName in (bad)',
    name: 'bad',
    detail: /^'in' with a tabular expression \(a subquery\) is not supported by lurewatch; list the values, as in DeviceName in \("a", "b"\), or use \| join kind=leftsemi \(subquery\) on DeviceName$/,
  },
  {
    query: 'DeviceProcessEvents | where DeviceName in (DeviceProcessEvents | distinct DeviceName)',
    name: 'DeviceProcessEvents |',
    detail: /^'in' with a tabular expression \(a subquery\) is not supported by lurewatch; .* join kind=leftsemi/,
  },
  {
    query: 'DeviceProcessEvents | where DeviceName !in (DeviceFileEvents | distinct DeviceName)',
    name: 'DeviceFileEvents |',
    detail: /^'!in' with a tabular expression \(a subquery\) is not supported by lurewatch; .* join kind=leftanti \(subquery\) on DeviceName$/,
  },
  { query: 'DeviceProcessEvents | where DeviceName in (DeviceFileEvents)', name: 'DeviceFileEvents', detail: /^'in' with a tabular expression \(a subquery\) is not supported/ },
  {
    query: 'let hosts = DeviceFileEvents | distinct DeviceName;\nDeviceProcessEvents | where tolower(DeviceName) in~ (hosts)',
    name: 'hosts',
    detail: /^'in~' with a tabular expression \(a subquery\) is not supported by lurewatch; list the values, as in tolower\(DeviceName\) in~ \("a", "b"\)$/,
  },
  { query: 'DeviceProcessEvents | where ProcessCommandLine has_any (DeviceFileEvents | project FileName)', name: 'DeviceFileEvents |', detail: /^'has_any' with a tabular expression \(a subquery\) is not supported/ },
  {
    query: 'union Device*',
    name: 'Device*',
    detail: /^table wildcards in union are not supported by lurewatch; list the tables: union DeviceProcessEvents, DeviceFileEvents$/,
  },
  { query: 'union *', name: '*', detail: /^table wildcards in union are not supported/ },
  { query: 'DeviceProcessEvents\n| union withsource=Table DeviceFileEvents, Device*Events', name: 'Device*Events', detail: /^table wildcards in union are not supported/ },
  { query: 'union isfuzzy=true DeviceFileEvents, *Events', name: '*Events', detail: /^table wildcards in union are not supported/ },
];

for (const { query, name, detail } of unsupportedCases) {
  test(`unsupported: ${query.replace(/\s+/g, ' ')}`, () => {
    const error = compileError(query);
    assert.match(error.detail, detail);
    const offset = query.lastIndexOf(name);
    const lineStart = query.lastIndexOf('\n', offset - 1) + 1;
    assert.equal(error.line, query.slice(0, offset).split('\n').length, 'line');
    assert.equal(error.column, offset - lineStart + 1, 'column');
    assert.ok(error.excerpt.endsWith(`${' '.repeat(offset - lineStart)}${'^'.repeat(name.length)}`), `caret under '${name}':\n${error.excerpt}`);
  });
}

test('hints and harmless options are accepted', () => {
  const queries = [
    'DeviceProcessEvents | join hint.strategy=broadcast kind=inner (DeviceProcessEvents) on DeviceId',
    'DeviceProcessEvents | summarize hint.strategy=shuffle count() by DeviceName',
    'DeviceProcessEvents | distinct hint.strategy=shuffle DeviceName',
    'DeviceProcessEvents | as hint.materialized=true Processes | count',
    'union kind=outer isfuzzy=true hint.concurrency=2 DeviceProcessEvents, DeviceFileEvents',
    'DeviceProcessEvents | mv-expand kind=bag with_itemindex=Index AdditionalFields',
  ];
  for (const query of queries) assert.doesNotThrow(() => compileQuery(query, { tables: tableSchemas, now: 0, lookback: 'apply' }), query);
});

test('column named like a let is a value', () => {
  // lurewatch reads a name as a column before a let, so the list item is a value and the query runs.
  const query = 'let DeviceName = DeviceFileEvents | distinct DeviceName;\nDeviceProcessEvents | where InitiatingProcessFileName in (DeviceName)';
  assert.doesNotThrow(() => compileQuery(query, { tables: tableSchemas, now: 0, lookback: 'apply' }));
});

test('unsupported errors keep other faults', () => {
  // A function that is neither supported nor known stays "unknown", with a suggestion.
  assert.match(compileError('DeviceProcessEvents | summarize x = cont()').detail, /^unknown function 'cont' \(did you mean 'count'\?\)$/);
  assert.match(compileError('DeviceProcessEvents | summarize x = tolower(FileName)').detail, /summarize needs an aggregation function/);
  assert.match(compileError('DeviceProcessEvents | frobnicate').detail, /^unknown or unsupported operator 'frobnicate'$/);
  // A let or table named like an operator is still a name.
  assert.match(compileError('search | take 1').detail, /^unknown table 'search'/);
  assert.match(compileError('union foo=1 DeviceProcessEvents').detail, /^unknown union option 'foo'/);
  assert.match(compileError('DeviceProcessEvents | mv-expand kind=list AdditionalFields').detail, /^unknown mv-expand kind 'list': use bag or array$/);
});

/** Names in one of Microsoft's symbol lists, without internal `__` names. */
function symbolNames(list: Iterable<{ Name: string }>): Set<string> {
  return new Set([...list].map((symbol) => symbol.Name).filter((name) => !name.startsWith('__')));
}

/** Returns the syntax kind that Microsoft's parser gives the operator after `T | `, such as SearchOperator. */
function operatorKind(language: KustoLanguage, operator: string): string {
  const kindNames = new Map(Object.entries(language.Syntax.SyntaxKind).map(([name, value]) => [value, name]));
  const code = language.KustoCode.Parse(`T | ${operator} x`);
  let kind = '';
  code.Syntax.WalkElements((element: { Kind: unknown; TextStart: number }) => {
    const name = String(kindNames.get(element.Kind) ?? '');
    if (!kind && element.TextStart >= 4 && name.endsWith('Operator')) kind = name;
  });
  return kind;
}

test('unsupported lists match Microsoft parser', (t) => {
  const language = loadKustoLanguage();
  if (!language) return t.skip(microsoftParserMissing);
  const microsoftAggregates = symbolNames(language.Aggregates.All);
  const microsoftFunctions = symbolNames(language.Functions.All);

  for (const name of microsoftAggregates) {
    assert.ok(supportedAggregates.has(name) || unsupportedAggregates.has(name), `Microsoft aggregation function '${name}' is in neither list`);
  }
  for (const name of unsupportedAggregates) assert.ok(microsoftAggregates.has(name), `'${name}' is not a Microsoft aggregation function`);

  for (const name of microsoftFunctions) {
    assert.ok(supportedFunctions.has(name) || unsupportedFunctions.has(name), `Microsoft function '${name}' is in neither list`);
  }
  // materialize() and toscalar() are syntax in Microsoft's parser, not entries of its function table.
  for (const name of unsupportedFunctions) {
    if (name === 'materialize' || name === 'toscalar') continue;
    assert.ok(microsoftFunctions.has(name), `'${name}' is not a Microsoft function`);
  }

  for (const name of unsupportedOperators) {
    if (name === 'externaldata') continue;
    const kind = operatorKind(language, name);
    assert.notEqual(kind, '', `Microsoft's parser reads no operator at '${name}'`);
    assert.notEqual(kind, 'BadQueryOperator', `Microsoft's parser does not read '${name}' as an operator`);
  }
  const externaldata = language.KustoCode.Parse('externaldata (Name: string) ["https://example.com/a.csv"]').GetDiagnostics();
  assert.equal(externaldata.Count, 0, 'externaldata parses');
  // Subqueries in a list and table wildcards in union are KQL that Microsoft's parser reads.
  const idioms = ['T | where A in (T | distinct A)', 'T | where A !in (U)', 'union Device*', 'union *', 'T | union U*V'];
  for (const idiom of idioms) {
    const diagnostics: { Count: number } = language.KustoCode.Parse(idiom).GetDiagnostics();
    assert.equal(diagnostics.Count, 0, `Microsoft's parser reads '${idiom}'`);
  }
  for (const name of unsupportedScalarOperators) {
    const diagnostics: { Count: number } = language.KustoCode.Parse(`print a = "abc" ${name} "a%"`).GetDiagnostics();
    assert.equal(diagnostics.Count, 0, `Microsoft's parser reads '${name}'`);
  }
});

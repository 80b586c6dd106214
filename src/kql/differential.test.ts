import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileQuery, KqlError } from './index.js';
import { tableSchemas } from '../schema/tables.js';
import type { ColumnType } from '../schema/types.js';
import { huntingCases } from './corpus/hunting.js';
import { scalarCases } from './corpus/scalars.js';
import { packageRoot } from '../cli/paths.js';
import { loadKustoLanguage, microsoftParserMissing } from './testing/microsoftParser.js';

/**
 * Differential check against Microsoft's own KQL parser and analyzer (@kusto/language-service-next,
 * a dev dependency), with every table lurewatch reads declared in both. For every corpus query and every rule in the bundled pack, both must accept,
 * or both must reject at the same offset. Messages are never compared.
 */

const language = loadKustoLanguage();

function microsoftGlobals(language: Record<string, any>): unknown {
  const symbols = language.Symbols;
  const scalar = symbols.ScalarTypes;
  const typeOf: Record<ColumnType, unknown> = {
    string: scalar.String, bool: scalar.Bool, int: scalar.Int, long: scalar.Long, real: scalar.Real,
    datetime: scalar.DateTime, timespan: scalar.TimeSpan, dynamic: scalar.Dynamic, guid: scalar.Guid,
  };
  // $ctor4 is TableSymbol(name, params ColumnSymbol[]) and DatabaseSymbol.$ctor1 is (name, params Symbol[]).
  const tables = [...tableSchemas].map(([tableName, schema]) => {
    const columns = schema.map(([name, type]) => new symbols.ColumnSymbol(name, typeOf[type]));
    return new symbols.TableSymbol.$ctor4(tableName, columns);
  });
  const database = new symbols.DatabaseSymbol.$ctor1('lurewatch', tables);
  return language.GlobalState.Default.WithDatabase(database);
}

/** Microsoft's verdict: null when the query is accepted, else the offset of the first error. */
function microsoftVerdict(language: Record<string, any>, globals: unknown, text: string): number | null {
  const code = language.KustoCode.ParseAndAnalyze(text, globals);
  const diagnostics = code.GetDiagnostics();
  let first: number | null = null;
  for (let i = 0; i < diagnostics.Count; i++) {
    const diagnostic = diagnostics.getItem(i);
    if (String(diagnostic.Severity) !== 'Error') continue;
    if (first === null || diagnostic.Start < first) first = diagnostic.Start;
  }
  return first;
}

/** Our verdict in the same form. */
function ourVerdict(text: string): number | null {
  try {
    compileQuery(text, { tables: tableSchemas, now: Date.UTC(2026, 11, 1), lookback: 'apply' });
    return null;
  } catch (error) {
    if (error instanceof KqlError) return error.offset;
    throw error;
  }
}

/** Queries both parsers must reject at the same place: each has one clear first error. */
const rejectedQueries = [
  'DeviceProcessEvents | where Foo == 1',
  'DeviceProcessEvents | summarize count() by DeviceNam',
  'DeviceProcessEvents | where FileName == "x" | project Bogus',
  'DeviceProcessEvents | extend x = unknownfn(FileName)',
  'DeviceProcessEvnts | count',
  'DeviceProcessEvents | join kind=inner (DeviceProcessEvents) on NoSuchKey',
];

function ruleQueries(): Array<{ name: string; text: string }> {
  const folder = join(packageRoot, 'rules');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.kql'))
    .map((name) => ({ name, text: readFileSync(join(folder, name), 'utf8') }));
}

const queries = [
  ...[...huntingCases, ...scalarCases].map((entry) => ({ name: entry.query.replace(/\s+/g, ' '), text: entry.query })),
  ...ruleQueries(),
  ...rejectedQueries.map((text) => ({ name: text, text })),
];

for (const query of queries) {
  test(`differential: ${query.name}`, (t) => {
    if (!language) return t.skip(microsoftParserMissing);
    const globals = microsoftGlobals(language);
    const theirs = microsoftVerdict(language, globals, query.text);
    const ours = ourVerdict(query.text);
    assert.equal(ours === null ? 'accepted' : 'rejected', theirs === null ? 'accepted' : 'rejected', `Microsoft ${theirs === null ? 'accepts' : `rejects at offset ${theirs}`}, lurewatch ${ours === null ? 'accepts' : `rejects at offset ${ours}`}`);
    if (ours !== null) assert.equal(ours, theirs, 'both reject, at different offsets');
  });
}

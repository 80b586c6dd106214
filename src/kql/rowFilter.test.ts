import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowFilter, type RowFilterSpec } from './rowFilter.js';
import { compileQuery } from './compile/query.js';
import { InputRegistry } from './runtime/inputs.js';
import { tableSchemas } from '../schema/tables.js';
import type { Row } from '../schema/types.js';

const table = 'DeviceRegistryEvents';
const spec = (...queries: string[]): RowFilterSpec => ({ queries: queries.map((text) => ({ text })), now: Date.UTC(2026, 11, 4), lookback: 'ignore', tables: [table] });
const row = (key: string, data: string, process = 'explorer.exe'): Row => ({ RegistryKey: key, RegistryValueData: data, InitiatingProcessFileName: process, Timestamp: Date.UTC(2026, 11, 3) });

const runMru = row('HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU', 'powershell -w h iwr\\1');
const office = row('HKU\\S-1-5-21-1\\Software\\Microsoft\\Office\\16.0\\Word\\Security', '1', 'winword.exe');
const other = row('HKLM\\SOFTWARE\\Vendor\\Settings', 'x', 'svchost.exe');

test('rowFilter keeps rows a where accepts', () => {
  const keep = rowFilter(spec(
    `${table} | where RegistryKey has 'RunMRU' | where RegistryValueData has 'powershell' | project RegistryKey`,
    `${table} | where Timestamp > ago(1h) and InitiatingProcessFileName =~ 'WINWORD.EXE' | summarize count() by RegistryKey`,
  ));
  assert.equal(keep(table, runMru), true);
  assert.equal(keep(table, office), true);
  assert.equal(keep(table, other), false);
  assert.equal(keep(table, row('HKU\\x\\RunMRU', 'cmd /c calc')), false, 'both chained where operators must pass');
  assert.equal(keep('DeviceProcessEvents', other), true, 'tables outside the spec are kept');
});

test('rowFilter keeps all without leading where', () => {
  const keep = rowFilter(spec(
    `${table} | where RegistryKey has 'RunMRU'`,
    `${table} | extend Key = tolower(RegistryKey) | where Key has 'vendor'`,
  ));
  assert.equal(keep(table, other), true);
  assert.equal(keep(table, office), true);
});

test('rowFilter reads union and join sides', () => {
  const keep = rowFilter(spec(
    `union (${table} | where RegistryKey has 'RunMRU'), (${table} | where InitiatingProcessFileName == 'winword.exe')`,
    `${table} | where RegistryValueData == 'never' | join kind=inner (${table} | where RegistryKey has 'Vendor') on RegistryKey`,
  ));
  assert.equal(keep(table, runMru), true);
  assert.equal(keep(table, office), true);
  assert.equal(keep(table, other), true);
  assert.equal(keep(table, row('HKLM\\SYSTEM\\x', 'y', 'services.exe')), false);
});

test('rowFilter never changes a result', () => {
  const queries = [
    `${table} | where RegistryKey has 'RunMRU' | where RegistryValueData has_any ('powershell', 'mshta') | project RegistryKey, RegistryValueData`,
    `${table} | where InitiatingProcessFileName in~ ('winword.exe', 'excel.exe') | summarize n = count() by InitiatingProcessFileName`,
    `${table} | where RegistryKey startswith 'HKLM' | extend Len = strlen(RegistryValueData) | where Len > 0 | project RegistryKey, Len`,
  ];
  const rows: Row[] = [];
  const keys = ['HKU\\1\\Explorer\\RunMRU', 'HKLM\\SOFTWARE\\Vendor', 'HKU\\1\\Office\\Security', 'HKLM\\SYSTEM\\Run'];
  const data = ['powershell -w h', 'mshta http://x', '1', '', 'cmd /c'];
  const processes = ['explorer.exe', 'WINWORD.EXE', 'svchost.exe'];
  for (const key of keys) for (const value of data) for (const process of processes) rows.push(row(key, value, process));
  const keep = rowFilter(spec(...queries));
  const kept = rows.filter((candidate) => keep(table, candidate));
  assert.ok(kept.length > 0, 'the filter keeps some rows');
  assert.ok(kept.length < rows.length, `the filter drops some rows (kept ${kept.length} of ${rows.length})`);
  for (const text of queries) {
    const run = (input: Row[]) => {
      const query = compileQuery(text, { tables: tableSchemas, now: Date.UTC(2026, 11, 4), lookback: 'ignore' });
      const inputs = new InputRegistry();
      const out: Row[] = [];
      query.connect({ push: (result) => out.push(result), end: () => {} }, inputs);
      for (const candidate of input) inputs.push(table, candidate);
      inputs.end();
      return out;
    };
    assert.deepEqual(run(kept), run(rows), text);
  }
});

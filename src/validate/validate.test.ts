import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileRules } from '../detect/compileRules.js';
import { loadRules } from '../rules/load.js';
import { projectRoot } from '../testing/shared.js';
import { lintDeployability, stripStrings } from './deployLint.js';
import { fixtureFiles, renderDefender, renderSysmon } from './fixtureRender.js';
import { coverage, findFixtures, runFixtures } from './validate.js';

const rules = () => compileRules(loadRules([join(projectRoot, 'rules')]), { now: 0, lookback: 'ignore' });
const fixtures = () => findFixtures(join(projectRoot, 'fixtures'));

test('every fixture raises exactly its expected alerts in both renderings', async () => {
  const results = await runFixtures(rules(), fixtures());
  assert.ok(results.length >= 80);
  const misses = results.filter((r) => r.missing.length || r.unexpected.length || r.skipped);
  assert.deepEqual(misses.map((r) => `${r.file}: missing ${r.missing} unexpected ${r.unexpected}`), []);
});

test('every rule has an attack fixture and a near miss', () => {
  for (const row of coverage(rules(), fixtures())) {
    assert.ok(row.positives.length > 0, `${row.ruleId} has no attack fixture`);
    assert.ok(row.nearMisses.length > 0, `${row.ruleId} has no near miss`);
  }
});

test('a near miss that fires is reported as a miss', async () => {
  const spec = fixtures().find((f) => f.id === 'near-ref-user-dir-setup')!;
  const tampered = { ...spec, nearMissFor: spec.nearMissFor, kind: 'near-miss' as const };
  const compiled = rules();
  const results = await runFixtures(compiled, [{ ...tampered, path: join(projectRoot, 'fixtures', 'ref-user-dir-exe', 'fixture.yaml') }]);
  assert.ok(results.every((r) => r.unexpected.length > 0), 'the attack telemetry fires on a fixture that expects silence');
});

test('rendered fixture files match their fixture.yaml', () => {
  for (const spec of fixtures()) {
    const folder = dirname(spec.path);
    assert.equal(readFileSync(join(folder, fixtureFiles.defender), 'utf8'), renderDefender(spec), `${folder}: run node dist/validate/writeFixtures.js`);
    assert.equal(readFileSync(join(folder, fixtureFiles.sysmon), 'utf8'), renderSysmon(spec), `${folder}: run node dist/validate/writeFixtures.js`);
  }
});

test('deployability lint names what the reference rule lacks and offers a projection', () => {
  const findings = lintDeployability(rules());
  assert.deepEqual(findings.map((f) => f.ruleId), ['lw-t1204-user-execution']);
  assert.deepEqual(findings[0]!.problems, ['does not return DeviceId', 'does not return ReportId']);
  assert.match(findings[0]!.correctedProjection!, /^\| project Timestamp, DeviceId, DeviceName, ReportId, AccountName/);
});

test('deployability lint flags comments, joins and unions in NRT rules only outside strings', () => {
  const [base] = rules().filter((r) => r.rule.id === 'lw-t1204-004-clickfix-run-dialog');
  const withComment = { ...base!, rule: { ...base!.rule, query: `// note\n${base!.rule.query}` } };
  assert.match(lintDeployability([withComment])[0]!.problems.join(), /comment/);
  assert.equal(stripStrings('x has "https://a" and y == @"join"').includes('//'), false);
  assert.deepEqual(lintDeployability([base!]), []);
});

test('validate with one rule checks only that rule', async () => {
  const one = compileRules(loadRules([join(projectRoot, 'rules', 't1204-004-clickfix-runmru.yaml')]), { now: 0, lookback: 'ignore' });
  const results = await runFixtures(one, fixtures());
  const missing = results.flatMap((result) => result.missing);
  assert.deepEqual(missing, [], 'expected alerts of rules not loaded are not required');
  const own = results.filter((result) => result.fixture.expect.some((alert) => alert.rule === 'lw-t1204-004-clickfix-runmru'));
  assert.ok(own.length >= 2, 'the rule still has fixtures that expect it');
  assert.ok(own.every((result) => result.fired.some((pair) => pair.includes('lw-t1204-004-clickfix-runmru'))));
});

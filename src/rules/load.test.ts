import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { projectRoot } from '../testing/shared.js';
import { loadRules } from './load.js';

test('a rule file named twice loads once', () => {
  const file = join(projectRoot, 'rules', 't1204-user-execution.yaml');
  assert.deepEqual(loadRules([file, file]).map((rule) => rule.id), ['lw-t1204-user-execution']);
});

test('a folder loads each rule once', () => {
  const folder = join(projectRoot, 'rules');
  const once = loadRules([folder]).map((rule) => rule.id);
  assert.deepEqual(loadRules([folder, folder]).map((rule) => rule.id), once);
  assert.equal(new Set(once).size, once.length);
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeBenchRows } from './generate.js';
import { referenceRuleCategory } from './referenceRule.testutil.js';

describe('writeBenchRows', () => {
  it('writes the requested rows, deterministically, across days', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lurewatch-bench-'));
    try {
      // More than one simulated day, so the day boundary is covered.
      const count = 25_000;
      const first = join(dir, 'a', 'rows.jsonl');
      const second = join(dir, 'rows.jsonl');
      await writeBenchRows(first, count);
      await writeBenchRows(second, count);
      const text = readFileSync(first, 'utf8');
      const sha = (t: string) => createHash('sha256').update(t).digest('hex');
      assert.equal(sha(text), sha(readFileSync(second, 'utf8')), 'two runs differ');

      const lines = text.trimEnd().split('\n');
      assert.equal(lines.length, count);
      const rows = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const days = new Set(rows.map((r) => String(r.Timestamp).slice(0, 10)));
      assert.deepEqual([...days], ['2026-11-02', '2026-11-03']);
      assert.ok(rows.every((r) => r.ActionType === 'ProcessCreated'));
      // Full rows: the initiating process's version columns are present.
      assert.ok(rows.some((r) => typeof r.InitiatingProcessVersionInfoCompanyName === 'string'));

      const alerts = rows.filter((r) => referenceRuleCategory(r) !== null).length;
      assert.ok(alerts > 0, 'no alert in the benchmark rows');
      assert.ok(alerts < count / 200, `${alerts} alerts in ${count} rows is not a realistic low rate`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a negative count', async () => {
    await assert.rejects(writeBenchRows(join(tmpdir(), 'never-written.jsonl'), -1), /non-negative integer/);
  });
});

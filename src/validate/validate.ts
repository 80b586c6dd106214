import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompiledRule } from '../detect/compileRules.js';
import { scanInputs } from '../detect/scan.js';
import { fixtureFiles } from './fixtureRender.js';
import { readFixtureSpec, type FixtureSpec } from './fixtureSpec.js';

/** The alerts of one rendering (Defender or Sysmon) of one fixture, against what it expects. */
export interface FixtureResult {
  fixture: FixtureSpec;
  file: string;
  /** `rule id / category` pairs that fired, sorted, each once. */
  fired: string[];
  /** Expected pairs that did not fire. */
  missing: string[];
  /** Pairs that fired without being expected (any alert on a near miss). */
  unexpected: string[];
  /** Records the reader skipped; a fixture must read cleanly. */
  skipped: number;
}

/** Finds every fixture.yaml under `folder` (recursively), sorted by path. */
export function findFixtures(folder: string): FixtureSpec[] {
  if (!existsSync(folder)) throw new Error(`fixture folder not found: ${folder}; give --fixtures DIR`);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === 'fixture.yaml') found.push(path);
    }
  };
  walk(folder);
  return found.map(readFixtureSpec);
}

export const pairKey = (rule: string, category: string): string => `${rule} / ${category}`;

/**
 * Runs every rule on both renderings of every fixture and compares the alerts with the
 * fixture's expectations: an attack fixture must raise each expected rule and category and
 * nothing else, a near miss must raise nothing. Expected alerts of rules that are not in
 * `rules` are not required.
 */
export async function runFixtures(rules: CompiledRule[], fixtures: FixtureSpec[]): Promise<FixtureResult[]> {
  const results: FixtureResult[] = [];
  // With a subset of the pack (validate --rules), only the loaded rules' expected alerts can be missing.
  const loaded = new Set(rules.map(({ rule }) => rule.id));
  for (const fixture of fixtures) {
    const expected = new Set(fixture.expect.filter((alert) => loaded.has(alert.rule)).map((alert) => pairKey(alert.rule, alert.category)));
    const tolerated = new Set(fixture.knownFalsePositives.map((alert) => pairKey(alert.rule, alert.category)));
    for (const name of [fixtureFiles.defender, fixtureFiles.sysmon]) {
      const file = join(dirname(fixture.path), name);
      if (!existsSync(file)) {
        results.push({ fixture, file, fired: [], missing: [...expected, `(file ${name} is missing)`], unexpected: [], skipped: 0 });
        continue;
      }
      const { alerts, diagnostics } = await scanInputs(rules, [file]);
      const fired = [...new Set(alerts.map((alert) => pairKey(alert.rule.id, alert.category)))].sort();
      const skipped = [...diagnostics.skippedByReason.values()].reduce((sum, count) => sum + count, 0);
      results.push({
        fixture, file, fired,
        missing: [...expected].filter((pair) => !fired.includes(pair)),
        unexpected: fired.filter((pair) => !expected.has(pair) && !tolerated.has(pair)),
        skipped,
      });
    }
  }
  return results;
}

/** Coverage of one rule: its sub-techniques and the fixtures that prove it fires and stays quiet. */
export interface RuleCoverage {
  ruleId: string;
  subtechniques: string[];
  positives: string[];
  nearMisses: string[];
}

/** Builds the rules × sub-techniques × fixtures matrix from the fixture specifications. */
export function coverage(rules: CompiledRule[], fixtures: FixtureSpec[]): RuleCoverage[] {
  return rules.map(({ rule }) => {
    const subtechniques = new Set<string>();
    for (const mapping of Object.values(rule.attack.categories)) if (mapping.subtechnique) subtechniques.add(mapping.subtechnique);
    if (subtechniques.size === 0) subtechniques.add(rule.attack.subtechnique ?? rule.attack.technique);
    return {
      ruleId: rule.id,
      subtechniques: [...subtechniques].sort(),
      positives: fixtures.filter((f) => f.kind === 'attack' && f.expect.some((e) => e.rule === rule.id)).map((f) => f.id),
      nearMisses: fixtures.filter((f) => f.kind === 'near-miss' && f.nearMissFor.includes(rule.id)).map((f) => f.id),
    };
  });
}

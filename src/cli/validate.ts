import type { Command } from 'commander';
import { compileRules } from '../detect/compileRules.js';
import { loadRules } from '../rules/load.js';
import { lintDeployability } from '../validate/deployLint.js';
import { coverage, findFixtures, runFixtures } from '../validate/validate.js';
import { exitCodes } from './exitCodes.js';
import { collect } from './options.js';
import { bundledRules, packageRoot } from './paths.js';
import { writeStdout } from './stdout.js';
import { resolve } from 'node:path';

interface ValidateOptions {
  rules?: string[];
  fixtures?: string;
  strictDeploy?: boolean;
}

/** Sub-techniques of T1204 that the fixtures must cover. */
const requiredSubtechniques = ['T1204.002', 'T1204.003', 'T1204.004'];

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Run every rule on every fixture, check the expected alerts, print coverage and deployability findings')
    .option('--rules <dir>', 'rule file or folder; repeatable (default: the bundled rules/)', collect)
    .option('--fixtures <dir>', 'fixture folder (default: the bundled fixtures/)')
    .option('--strict-deploy', 'also fail when a rule cannot be saved as a Defender custom detection')
    .addHelpText('after', `\nExit codes: ${exitCodes.ok} every check passed, ${exitCodes.alerts} a fixture or coverage miss, ${exitCodes.error} bad rule or fixture file.`)
    .action(async (options: ValidateOptions) => {
      process.exitCode = await runValidate(options);
    });
}

async function runValidate(options: ValidateOptions): Promise<number> {
  const rules = compileRules(loadRules(options.rules ?? [bundledRules]), { now: Date.now(), lookback: 'ignore' });
  const fixtures = findFixtures(options.fixtures ?? resolve(packageRoot, 'fixtures'));
  const results = await runFixtures(rules, fixtures);
  const lines: string[] = [];
  let misses = 0;

  lines.push(`Fixtures: ${fixtures.length} (${fixtures.filter((f) => f.kind === 'attack').length} attack, ${fixtures.filter((f) => f.kind === 'near-miss').length} near miss), each as Defender rows and as Sysmon XML`);
  for (const result of results) {
    const ok = result.missing.length === 0 && result.unexpected.length === 0 && result.skipped === 0;
    if (!ok) misses++;
    const form = result.file.endsWith('.xml') ? 'sysmon' : 'defender';
    // A near miss is right when silent, or when it raises only the false positives its fixture
    // declares, so the line names them as such instead of listing them like detections.
    const fired = result.fired.length === 0 ? 'no alert' : result.fixture.kind === 'near-miss' && ok ? `known false positive ${result.fired.join('; ')}` : result.fired.join('; ');
    lines.push(`${ok ? 'ok  ' : 'MISS'} ${result.fixture.id} [${form}]: ${fired}`);
    for (const pair of result.missing) lines.push(`       expected but silent: ${pair}`);
    for (const pair of result.unexpected) lines.push(`       fired but not expected: ${pair}`);
    if (result.skipped > 0) lines.push(`       ${result.skipped} record(s) skipped while reading ${result.file}`);
  }

  const matrix = coverage(rules, fixtures);
  lines.push('', 'Coverage: rule × ATT&CK sub-technique × fixtures (+ attack fixtures that must fire it, − near misses that must not)');
  const width = Math.max(...matrix.map((row) => row.ruleId.length));
  for (const row of matrix) {
    const gaps: string[] = [];
    if (row.positives.length === 0) gaps.push('no attack fixture');
    if (row.nearMisses.length === 0) gaps.push('no near miss');
    if (gaps.length > 0) misses++;
    lines.push(`${row.ruleId.padEnd(width)}  ${row.subtechniques.join(',').padEnd(20)} +${row.positives.length} −${row.nearMisses.length}${gaps.length ? `  MISS: ${gaps.join(', ')}` : ''}`);
  }
  for (const technique of requiredSubtechniques) {
    const attack = fixtures.filter((f) => f.kind === 'attack' && f.technique === technique).length;
    const near = fixtures.filter((f) => f.kind === 'near-miss' && f.technique === technique).length;
    const ruleCount = matrix.filter((row) => row.subtechniques.includes(technique)).length;
    const covered = attack > 0 && near > 0 && ruleCount > 0;
    // Only the whole pack must cover every sub-technique; a rule checked alone covers its own.
    const required = options.rules === undefined;
    if (!covered && required) misses++;
    let mark = 'covered';
    if (!covered) mark = required ? 'MISS   ' : 'not covered by the rules given:';
    lines.push(`${mark} ${technique}: ${ruleCount} rule(s), ${attack} attack fixture(s), ${near} near miss(es)`);
  }

  const findings = lintDeployability(rules);
  lines.push('', `Deployability as Defender custom detections: ${rules.length - findings.length} of ${rules.length} rules ready`);
  for (const finding of findings) {
    lines.push(`  ${finding.ruleId}: ${finding.problems.join('; ')}`);
    if (finding.correctedProjection) lines.push(`    corrected projection: ${finding.correctedProjection}`);
  }
  if (options.strictDeploy && findings.length > 0) misses += findings.length;

  lines.push('', misses === 0 ? 'validate: all checks passed' : `validate: ${misses} miss(es)`);
  await writeStdout(lines.join('\n') + '\n');
  return misses === 0 ? exitCodes.ok : exitCodes.alerts;
}

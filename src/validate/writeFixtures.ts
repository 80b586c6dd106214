import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureFiles, renderDefender, renderSysmon } from './fixtureRender.js';
import { findFixtures } from './validate.js';

/**
 * Regenerates defender.jsonl and sysmon.xml beside every fixture.yaml from its events.
 * Usage: node dist/validate/writeFixtures.js [FIXTURE_DIR]
 */
const folder = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures'));
for (const spec of findFixtures(folder)) {
  writeFileSync(join(dirname(spec.path), fixtureFiles.defender), renderDefender(spec));
  writeFileSync(join(dirname(spec.path), fixtureFiles.sysmon), renderSysmon(spec));
  process.stderr.write(`wrote ${dirname(spec.path)}\n`);
}

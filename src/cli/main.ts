#!/usr/bin/env node
import { Command } from 'commander';
import { registerCommands } from './commands.js';
import { exitCodes } from './exitCodes.js';

const program = new Command();
program
  .name('lurewatch')
  .description('Run KQL detections for user-initiated execution (ATT&CK T1204) on local Windows telemetry.')
  .version('0.1.0')
  // Commander exits 1 on a usage error, which would read as "alerts found"; errors exit 2.
  // Set before the commands are added, so that each of them inherits it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? exitCodes.ok : exitCodes.error));

registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`lurewatch: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});

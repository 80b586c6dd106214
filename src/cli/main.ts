#!/usr/bin/env node
import { Command } from 'commander';
import { registerCommands } from './commands.js';

const program = new Command();
program
  .name('lurewatch')
  .description('Run KQL detections for user-initiated execution (ATT&CK T1204) on local Windows telemetry.')
  .version('0.1.0');

registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`lurewatch: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});

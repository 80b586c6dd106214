import type { Command } from 'commander';
import { registerDump } from './dump.js';

/** Adds every subcommand to the program; each command file exports one `register` function. */
export function registerCommands(program: Command): void {
  registerDump(program);
}

import type { Command } from 'commander';
import { registerScan } from './scan.js';
import { registerDump } from './dump.js';
import { registerValidate } from './validate.js';
import { registerTune } from './tune.js';
import { registerBaseline } from './baseline.js';
import { registerQuery } from './query.js';

/** Adds every subcommand to the program; each command file exports one `register` function. */
export function registerCommands(program: Command): void {
  registerScan(program);
  registerDump(program);
  registerValidate(program);
  registerTune(program);
  registerBaseline(program);
  registerQuery(program);
}

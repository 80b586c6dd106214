import type { Command } from 'commander';

/** Adds every subcommand to the program; each command file exports one `register` function. */
export function registerCommands(program: Command): void {
  void program;
}

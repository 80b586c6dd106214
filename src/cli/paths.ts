import { access, constants } from 'node:fs/promises';
import { errorText } from '../sources/walk.js';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package root (dist/cli/paths.js is two levels below it). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The rule pack that ships with lurewatch. */
export const bundledRules = resolve(packageRoot, 'rules');

/**
 * Checks that every input path the user named exists and can be read, before any output file
 * or database is opened, so that a mistyped path fails the command at once with exit code 2
 * instead of producing an empty result. `-` (standard input) is always accepted.
 */
export async function checkInputPaths(paths: string[]): Promise<void> {
  for (const path of paths) {
    if (path === '-') continue;
    try {
      await access(path, constants.R_OK);
    } catch (error) {
      throw new Error(`cannot read input '${path}': ${errorText(error)}`);
    }
  }
}

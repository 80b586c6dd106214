import { access, constants, realpath, stat } from 'node:fs/promises';
import { errorText } from '../sources/walk.js';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package root (dist/cli/paths.js is two levels below it). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The rule pack that ships with lurewatch. */
export const bundledRules = resolve(packageRoot, 'rules');

/**
 * Checks that every input path the user named exists and can be read. It runs before any output
 * file or database is opened, so a mistyped path fails the command at once with exit code 2
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

/**
 * Checks an output file before any input is read. Its folder must exist, and it must not be a
 * folder. It must also not be an input or lie inside an input folder, because it would then
 * overwrite the evidence or be read back as telemetry by the next run.
 */
export async function checkOutputPath(output: string, inputs: string[]): Promise<void> {
  const target = resolve(output);
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw new Error(`cannot write alerts to '${output}': it is a folder; give a file name`);
  try {
    await access(dirname(target), constants.W_OK);
  } catch (error) {
    throw new Error(`cannot write alerts to '${output}': folder '${dirname(output)}': ${errorText(error)}`);
  }
  // A file not written yet has no real path, so its folder's real path is used with its name.
  const written = await realpath(target).catch(async () => join(await realpath(dirname(target)), basename(target)));
  for (const input of inputs) {
    if (input === '-') continue;
    const source = await realpath(input).catch(() => resolve(input));
    if (written === source) throw new Error(`cannot write alerts to '${output}': it is also an input, and writing would overwrite it`);
    if (written.startsWith(source + sep)) {
      throw new Error(`cannot write alerts to '${output}': it is inside the input folder '${input}', where the next scan would read it as telemetry`);
    }
  }
}

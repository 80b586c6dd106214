import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package root (dist/cli/paths.js is two levels below it). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The rule pack that ships with lurewatch. */
export const bundledRules = resolve(packageRoot, 'rules');

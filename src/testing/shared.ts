import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: two levels above this compiled file (dist/testing/shared.js). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Path of the shared test data folder that CI places beside the clone. */
export const sharedRoot = resolve(projectRoot, '..', 'shared');

/** Path under ../shared/datasets. */
export function datasetPath(...parts: string[]): string {
  return join(sharedRoot, 'datasets', ...parts);
}

/**
 * Returns a skip message when a shared file or folder is absent, so tests that read real data
 * say why they did not run instead of passing silently.
 */
export function missingShared(path: string): string | undefined {
  return existsSync(path) ? undefined : `shared data not found at ${path}; place the shared folder beside the clone to run this test`;
}

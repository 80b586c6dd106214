import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadDiagnostics } from '../diagnostics.js';
import { readInputs } from '../read.js';
import type { TableRow } from '../types.js';
import { originKeys } from '../../schema/normalize/origin.js';

/**
 * Returns a function that writes test inputs into a new temporary folder, removed when the
 * process exits. A file without a name gets `input-N` with `extension`.
 */
export async function fixtureWriter(prefix: string, extension: string): Promise<(content: string | Uint8Array, name?: string) => Promise<string>> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  process.on('exit', () => {
    void rm(folder, { recursive: true, force: true });
  });
  let counter = 0;
  return async (content, name = `input-${++counter}${extension}`) => {
    const path = join(folder, name);
    await writeFile(path, content);
    return path;
  };
}

/** Reads one input through readInputs and returns all its rows with the diagnostics. */
export async function readAllRows(path: string): Promise<{ rows: TableRow[]; diag: ReadDiagnostics }> {
  const diag = new ReadDiagnostics();
  const rows: TableRow[] = [];
  for await (const batch of readInputs([path], diag)) rows.push(...batch);
  return { rows, diag };
}

/** Returns the row without the origin keys that name the input file and line, which differ between forms of one event. */
export function withoutFileOrigin(item: TableRow): TableRow {
  const fields = { ...(item.row.AdditionalFields as Record<string, unknown>) };
  delete fields[originKeys.file];
  delete fields[originKeys.line];
  return { table: item.table, row: { ...item.row, AdditionalFields: fields } };
}

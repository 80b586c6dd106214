import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadDiagnostics } from './diagnostics.js';

/** One input to read: a file on disk, or standard input for `-`. */
export interface InputFile {
  /** The name to show: the path as given or found, or "-" for standard input. */
  display: string;
  /** The path on disk, or null for standard input. */
  path: string | null;
  /** Size in bytes, 0 when unknown (standard input). */
  size: number;
  /** True when the user named this file; false when it was found while walking a folder. */
  named: boolean;
}

/**
 * Expands the paths a user gave into the files to read: files as given, folders walked
 * recursively with entries sorted by name (code unit order, so every run reads in the same
 * order), and `-` as standard input. Hidden entries (name starting with `.`) inside folders are
 * skipped and counted. A path that does not exist or cannot be listed is recorded in `diag`
 * and the walk goes on.
 */
export async function listInputFiles(paths: string[], diag: ReadDiagnostics): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const visitedFolders = new Set<string>();

  const walkFolder = async (folder: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(folder);
    } catch (error) {
      diag.skipFile({ file: folder }, 'folder cannot be read', { error: true, detail: errorText(error) });
      return;
    }
    // A symbolic link back to a folder already on the walk would loop forever.
    if (visitedFolders.has(real)) return;
    visitedFolders.add(real);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      diag.skipFile({ file: folder }, 'folder cannot be read', { error: true, detail: errorText(error) });
      return;
    }
    // Code unit order, not locale order, so that every machine reads in the same order.
    names.sort();
    for (const name of names) {
      const path = join(folder, name);
      if (name.startsWith('.')) {
        diag.skipFile({ file: path }, 'hidden file or folder', { error: false });
        continue;
      }
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        diag.skipFile({ file: path }, 'file cannot be read', { error: true, detail: errorText(error) });
        continue;
      }
      if (info.isDirectory()) await walkFolder(path);
      else if (info.isFile()) files.push({ display: path, path, size: info.size, named: false });
      else diag.skipFile({ file: path }, 'not a regular file', { error: false });
    }
  };

  for (const given of paths) {
    if (given === '-') {
      files.push({ display: '-', path: null, size: 0, named: true });
      continue;
    }
    let info;
    try {
      info = await stat(given);
    } catch (error) {
      diag.skipFile({ file: given }, 'file cannot be read', { error: true, detail: errorText(error) });
      continue;
    }
    if (info.isDirectory()) {
      const before = files.length;
      await walkFolder(given);
      // An empty folder is often a mistyped or not yet mounted path, so it is reported, not passed over.
      if (files.length === before) diag.warn({ file: given }, 'folder holds no files to read; check the path');
    } else {
      files.push({ display: given, path: given, size: info.size, named: true });
    }
  }
  return files;
}

/** Turns a file system error into a message that tells the user what to do. */
export function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or folder; check the path';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied; run as a user who can read it';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { listInputFiles } from '../sources/walk.js';
import type { StateStore } from './store.js';

/**
 * Returns the SHA-256 of a file's bytes, hex. Content identifies an input better than path, size
 * and mtime: a copied or renamed export is still the same data, and a file rewritten in place is not.
 */
export async function digestFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The inputs a baseline learn reads and records, and those it skips as already learned. */
export interface LearnPlan {
  /** Paths to hand to readInputs: the given paths without named files that are skipped. */
  readPaths: string[];
  /** Files found in folders that are skipped: their rows, matched by AdditionalFields.LurewatchFile, are dropped. */
  skippedFiles: Set<string>;
  /** Files to record once the learn commits, by the name the reader gives their rows. */
  digests: Map<string, { digest: string; size: number }>;
  /** One line per skipped file, for stderr. */
  messages: string[];
}

/**
 * Lists the files under `paths` as readInputs will, and plans to skip each one whose content was
 * committed to `store` before or appears earlier in this run. A file that cannot be hashed is
 * left for the read to report. Standard input has no digest and is always read.
 */
export async function planLearning(paths: string[], store: StateStore): Promise<LearnPlan> {
  const readPaths = [...new Set(paths)];
  const files = await listInputFiles(readPaths, new ReadDiagnostics());
  const plan: LearnPlan = { readPaths, skippedFiles: new Set(), digests: new Map(), messages: [] };
  const firstByDigest = new Map<string, string>();
  const dropNamed = (file: string) => plan.readPaths.splice(plan.readPaths.indexOf(file), 1);

  for (const file of files) {
    if (file.path === null) continue;
    let digest: string;
    try {
      digest = await digestFile(file.path);
    } catch {
      continue;
    }
    const learned = store.learnedInput(digest);
    if (learned !== undefined) {
      plan.messages.push(`Skipped ${file.display}: its content was already learned into ${store.file} on ${learned.learnedAt} (from ${learned.file}).`);
      if (file.named) dropNamed(file.display);
      else plan.skippedFiles.add(file.display);
      continue;
    }
    const first = firstByDigest.get(digest);
    if (first === undefined) {
      firstByDigest.set(digest, file.display);
      plan.digests.set(file.display, { digest, size: file.size });
      continue;
    }
    if (first === file.display) {
      // A named file that a given folder also contains reaches the reader twice under one name,
      // so its rows cannot be separated. The named copy is left out.
      const named = files.find((other) => other.named && other.display === file.display);
      if (named !== undefined) dropNamed(named.display);
      continue;
    }
    plan.messages.push(`Skipped ${file.display}: same content as ${first}, learned in this run.`);
    if (file.named) dropNamed(file.display);
    else plan.skippedFiles.add(file.display);
  }
  return plan;
}

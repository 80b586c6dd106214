import { createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/** Spool folders not yet removed. They hold copies of evidence, so an interrupted run removes them too. */
const liveFolders = new Set<string>();
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function removeLiveFolders(): void {
  for (const folder of liveFolders) rmSync(folder, { recursive: true, force: true });
  liveFolders.clear();
}

/** Removes the live folders, then ends the process as the signal would have without the handler. */
function onSignal(signal: NodeJS.Signals): void {
  removeLiveFolders();
  for (const name of signals) process.removeListener(name, onSignal);
  process.kill(process.pid, signal);
}

let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of signals) process.on(signal, onSignal);
  // process.exit() skips `finally` blocks, so a spool still open at exit is removed here.
  process.on('exit', removeLiveFolders);
}

/** Options of a spooled read: how to name the input and what to do when its stream is cut short. */
export interface SpoolOptions {
  /** The input's name for messages, which replaces the temporary path in any error `use` throws. */
  display: string;
  /**
   * Called when the byte stream fails after some bytes were copied (a gzip file cut short): the
   * copy is then read as far as it goes. Without it, the stream's error is thrown.
   */
  onCutShort?: (error: Error, bytes: number) => void;
}

/**
 * Writes a byte stream to a file in a new temporary folder, runs `use` on that file, and removes
 * the folder afterwards, also when `use` throws or the process is interrupted (SIGINT, SIGTERM,
 * SIGHUP) or exits. EVTX is read by random access to its 64 KiB chunks, so standard input and
 * decompressed gzip are spooled to disk first.
 */
export async function* withSpooledFile<T>(
  bytes: AsyncIterable<Buffer>,
  name: string,
  options: SpoolOptions,
  use: (path: string) => AsyncIterable<T>,
): AsyncGenerator<T> {
  installHandlers();
  const folder = await mkdtemp(join(tmpdir(), 'lurewatch-spool-'));
  liveFolders.add(folder);
  const path = join(folder, name);
  try {
    try {
      await pipeline(Readable.from(bytes), createWriteStream(path));
    } catch (error) {
      const copied = await stat(path).then((info) => info.size, () => 0);
      if (options.onCutShort === undefined || copied === 0 || !(error instanceof Error)) throw error;
      options.onCutShort(error, copied);
    }
    try {
      yield* use(path);
    } catch (error) {
      if (error instanceof Error) error.message = error.message.replaceAll(path, options.display);
      throw error;
    }
  } finally {
    liveFolders.delete(folder);
    await rm(folder, { recursive: true, force: true });
  }
}
